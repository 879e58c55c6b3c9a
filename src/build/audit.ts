// The loading rules Kubewarden's waPC host applies to a module: a module
// breaking them would stop policy-server at start-up, so the
// build refuses it instead.
import { formatFuncType, readModuleInfo, type FuncType } from "../wasm/module-info.ts";
import { startSectionProblem } from "../wasm/start-section.ts";

const I32 = "i32" as const;
const sig = (params: number, results: number): FuncType => ({
  params: Array(params).fill(I32),
  results: Array(results).fill(I32),
});

/** The nine waPC imports the host defines, with their exact types. */
export const WAPC_IMPORTS: Record<string, FuncType> = {
  __guest_request: sig(2, 0),
  __guest_response: sig(2, 0),
  __guest_error: sig(2, 0),
  __host_call: sig(8, 1),
  __host_response_len: sig(0, 1),
  __host_response: sig(1, 0),
  __host_error_len: sig(0, 1),
  __host_error: sig(1, 0),
  __console_log: sig(2, 0),
};

const WASI_FUNCTIONS = new Set(
  ("args_get args_sizes_get environ_get environ_sizes_get clock_res_get clock_time_get fd_advise fd_allocate fd_close " +
    "fd_datasync fd_fdstat_get fd_fdstat_set_flags fd_fdstat_set_rights fd_filestat_get fd_filestat_set_size " +
    "fd_filestat_set_times fd_pread fd_prestat_get fd_prestat_dir_name fd_pwrite fd_read fd_readdir fd_renumber fd_seek " +
    "fd_sync fd_tell fd_write path_create_directory path_filestat_get path_filestat_set_times path_link path_open " +
    "path_readlink path_remove_directory path_rename path_symlink path_unlink_file poll_oneoff proc_exit proc_raise " +
    "sched_yield random_get sock_accept sock_recv sock_send sock_shutdown").split(" "),
);

/** What a module breaking these rules is said to be, before its problems. */
export const WOULD_NOT_LOAD = "the module would not load in Kubewarden";

const REQUIRED_EXPORTS: Record<string, FuncType> = { __guest_call: sig(2, 1) };
const OPTIONAL_EXPORTS: Record<string, FuncType> = { _start: sig(0, 0), wapc_init: sig(0, 0) };

function sameType(a: FuncType | undefined, b: FuncType): boolean {
  return formatFuncType(a) === formatFuncType(b);
}

/** Every way the module breaks the loading rules, one sentence each; empty when it loads. */
export function auditModule(bytes: Uint8Array): string[] {
  const problems: string[] = [];
  const info = readModuleInfo(bytes);
  const start = startSectionProblem(info);
  if (start) problems.push(start);
  for (const imp of info.imports) {
    const name = `${imp.module}.${imp.name}`;
    if (imp.kind !== "function") problems.push(`imports ${imp.kind} ${name}, but Kubewarden provides no ${imp.kind} imports`);
    else if (imp.module === "wapc") {
      const expected = WAPC_IMPORTS[imp.name];
      if (!expected) problems.push(`imports ${name}, which is not a waPC host function`);
      else if (!sameType(imp.type, expected)) problems.push(`imports ${name} as ${formatFuncType(imp.type)}, but the host defines ${formatFuncType(expected)}`);
    } else if (imp.module === "wasi_snapshot_preview1") {
      if (!WASI_FUNCTIONS.has(imp.name)) problems.push(`imports ${name}, which WASI preview1 does not define`);
    } else {
      problems.push(`imports ${name}, which Kubewarden does not provide (only wapc.* and wasi_snapshot_preview1.*)`);
    }
  }
  const exports = new Map(info.exports.map((e) => [e.name, e]));
  if (exports.get("memory")?.kind !== "memory") problems.push("does not export its memory as `memory`");
  for (const [name, type] of Object.entries(REQUIRED_EXPORTS)) {
    const e = exports.get(name);
    if (!e || e.kind !== "function") problems.push(`does not export the function ${name}`);
    else if (!sameType(e.type, type)) problems.push(`exports ${name} as ${formatFuncType(e.type)}, expected ${formatFuncType(type)}`);
  }
  for (const [name, type] of Object.entries(OPTIONAL_EXPORTS)) {
    const e = exports.get(name);
    if (e && (e.kind !== "function" || !sameType(e.type, type))) problems.push(`exports ${name} as ${formatFuncType(e.type)}, expected ${formatFuncType(type)}`);
  }
  return problems;
}
