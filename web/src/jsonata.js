// The JSONata engine of the playground, loaded by the page only when a definition uses JSONata
// (crates/asl-web/src/jsonata.rs): jsonata 2.0.6 from the lock file, wrapped by the glue the CLI
// shares. The wasm's export jsonataFunction (trunk's window.wasmBindings) runs the functions AWS
// adds.
import jsonata from "jsonata";
import "./jsonata-host.js";

window.AslJsonata = globalThis.createAslJsonata(jsonata, (name, args, seed, counter) =>
  window.wasmBindings.jsonataFunction(name, args, seed, counter),
);
