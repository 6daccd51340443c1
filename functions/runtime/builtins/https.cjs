// Node's https module as CommonJS: an ESM import of node:https builds its namespace and with it
// Node's lazy undici and http2 getters (about 24 ms of cold start); bundles alias node:https here.
module.exports = process.getBuiltinModule('node:https');
