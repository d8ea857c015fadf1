// @ts-check
// The network lab player's message (viz/lab_player.py): b"LAB1" | uint32 n | JSON header | blob of float32
// and uint8 arrays, each named in the header as [offset, count]. LAB_SCHEMA (ui/lab_player/schema.json) is
// put ahead of this file by ui/lab_player.py.

/** The header, if it has the schema's magic, version and every required field (the runs' too). */
function checkLabHeader(header) {
  const version = LAB_SCHEMA.properties.version.const;
  if (header.version !== version)
    throw new Error(`lab player message version ${header.version}, this player reads ${version}`);
  const missing = (object, required, where) => {
    const absent = required.filter((name) => !(name in object));
    if (absent.length) throw new Error(`lab player message: ${where} lacks ${absent.join(", ")}`);
  };
  missing(header, LAB_SCHEMA.required, "the header");
  header.runs.forEach((run, k) => {
    missing(run, LAB_SCHEMA.$defs.run.required, `run ${k}`);
    if (run.diagram) missing(run.diagram, LAB_SCHEMA.$defs.diagram.required, `run ${k}'s diagram`);
  });
  return header;
}

/** ``{header, runs, data}``: the runs' arrays as typed views into one aligned copy of the bytes. */
function decodeLab(bytes) {
  const copy = bytes.slice(); // an aligned buffer of its own (the message may sit at any offset)
  const view = new DataView(copy.buffer);
  const magic = String.fromCharCode(copy[0], copy[1], copy[2], copy[3]);
  if (magic !== LAB_SCHEMA.magic) throw new Error("not a lab player message");
  const size = view.getUint32(4, true);
  const header = checkLabHeader(JSON.parse(new TextDecoder().decode(copy.subarray(8, 8 + size))));
  const base = 8 + size;
  const floats = (where) => (where ? new Float32Array(copy.buffer, base + where[0], where[1]) : null);
  const bytesAt = (where) => (where ? new Uint8Array(copy.buffer, base + where[0], where[1]) : null);
  const runs = header.runs.map((run) => ({
    ...run,
    trace: Object.fromEntries(Object.entries(run.trace).map(([name, where]) => [name, floats(where)])),
    checkpoints: floats(run.checkpoints),
    regions: { ...run.regions, values: bytesAt(run.regions.values) },
    histograms: { ...run.histograms, counts: floats(run.histograms.counts) },
    gradients: floats(run.gradients),
    diagram: run.diagram && {
      ...run.diagram,
      maps: bytesAt(run.diagram.maps),
      inputs: bytesAt(run.diagram.inputs),
      weights: floats(run.diagram.weights),
      dead: bytesAt(run.diagram.dead),
      twin: bytesAt(run.diagram.twin),
    },
  }));
  const data = Object.fromEntries(Object.entries(header.data).map(([name, where]) => [name, floats(where)]));
  return { header, runs, data };
}
