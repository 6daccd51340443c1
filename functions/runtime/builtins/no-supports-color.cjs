// supports-color as absent: `debug` asks for it in a try block only to colour terminal output,
// which Lambda has none of; the bundled copy (a devDependency's, hoisted) imports node:tty,
// node:os and node:process at cold start for nothing.
module.exports = false;
