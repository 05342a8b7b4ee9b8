/**
 * Pipeline files: YAML, format v1. {@link dev.gantry.yaml.PipelineYaml} reads and writes them.
 *
 * <pre>{@code
 * name: breast-cancer                      # required
 * description: what it does                # optional, ignored
 * executor: docker                         # an installed executor's name, or auto (the default); gantry.yaml's executor and --executor override it
 * params: {seed: 42, test_fraction: 0.2}   # values kept as the text written
 * defaults: {image: gantry/steps:dev, resources: {cpus: 1, memory: 1g}, executors: {slurm: {partition: cpu}}}
 * steps:                                   # required, at least one
 *   ingest:
 *     command: [gantry-step, ingest-csv, "${inputs.raw}", "${outputs.table}"]   # or one string, run by sh -c
 *     image: some/image:tag                 # or build: DIR, or build: {context: DIR, dockerfile: F, args: {K: V}}
 *     code: [scripts/ingest.sh]
 *     inputs: {raw: {path: data/breast_cancer.csv}, other: split.train}       # {path: ...} or <step>.<output>
 *     outputs: {table: arrow}              # arrow, file, dir or metrics; also {table: {type: arrow}}
 *     after: [other-step]
 *     env: {KEY: value}
 *     workdir: sub/dir
 *     resources: {cpus: 0.5, memory: 512m, gpus: 1, shm: 1g, shareGpus: false}
 *     volumes: [data:/data, {source: /cache, target: /cache, readOnly: false}]   # read-only unless :rw
 *     tmpfs: [/tmp, {path: /scratch, size: 1g}]
 *     checkpoints: /checkpoints            # survives failed attempts of the step in a run
 *     network: bridge                      # default: none
 *     capabilities: [SYS_PTRACE]           # default: all dropped
 *     retry: {attempts: 3, backoff: 10s}   # backoff defaults to 0s
 *     timeout: 2h
 *     cache: false                         # or true, or {version: "2", max-age: 7d}, or {enabled: false, version: "2"}
 *     executors: {kubernetes: {nodeSelector: {pool: gpu}}, slurm: {partition: gpu}}   # each executor reads its own
 * }</pre>
 *
 * <p>Any other key is an error, and so is a key written twice. The JSON Schema of the format,
 * for editors, is the resource {@code dev/gantry/yaml/gantry-pipeline.schema.json}.
 */
package dev.gantry.yaml;
