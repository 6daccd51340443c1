// Node's http module as CommonJS: an ESM import of node:http builds its namespace and with it
// Node's lazy undici and http2 getters (about 24 ms of cold start); bundles alias node:http here.
module.exports = process.getBuiltinModule('node:http');
