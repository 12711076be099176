# Sourced by the tools (tools/lib/engine.bash sources it too): small argument and machine checks
# that need no engine, so that the scripts Maven or a bare GPU machine run can use them.
# shellcheck shell=bash

# usage_on_help USAGE [ARG]: when ARG is -h or --help, prints "usage: USAGE" and exits 0.
usage_on_help() {
    case "${2:-}" in -h|--help) echo "usage: $1"; exit 0 ;; esac
}

# out_dir_arg USAGE [ARG]: for a script whose first argument is OUT_DIR. -h/--help prints USAGE
# (exit 0); any other ARG starting with '-' is refused (exit 2) rather than made a folder.
out_dir_arg() {
    usage_on_help "$@"
    case "${2:-}" in
        -*) echo "$(basename "$0"): OUT_DIR may not start with '-' (got '$2'); usage: $1" >&2; exit 2 ;;
    esac
}

# cuda_driver_present: whether this machine has a CUDA driver, as the engine needs it: JCuda's native
# library loads libcuda.so.1 (ammi.backend.cuda.Cuda), so look where the dynamic loader would
# (LD_LIBRARY_PATH, the ldconfig cache, the usual library folders); a working nvidia-smi counts too.
# A CUDA toolkit alone (nvcc, libcudart) is no driver.
cuda_driver_present() {
    nvidia-smi -L >/dev/null 2>&1 && return 0
    local cache d dirs=()
    cache="$({ ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null)" || true
    [[ "$cache" == *"libcuda.so.1 "* ]] && return 0
    IFS=: read -ra dirs <<< "${LD_LIBRARY_PATH:-}"
    for d in ${dirs[@]+"${dirs[@]}"} /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib /lib/x86_64-linux-gnu /lib64 /lib /usr/lib/wsl/lib; do
        [[ -n "$d" && -e "$d/libcuda.so.1" ]] && return 0
    done
    return 1
}

# require_cuda_driver [LOG]: stops the script (exit 3) with one line, also appended to LOG when
# given, on a machine without a CUDA driver.
require_cuda_driver() {
    cuda_driver_present && return 0
    local line
    line="$(basename "$0"): no CUDA driver on this machine (no libcuda.so.1 for the dynamic loader, no nvidia-smi); it needs a GPU, stopped before any step"
    if [[ -n "${1:-}" ]]; then echo "$line" | tee -a "$1" >&2; else echo "$line" >&2; fi
    exit 3
}
