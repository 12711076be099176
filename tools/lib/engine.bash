# Sourced by the tools: sets `engine`, the command that runs ammi-engine, as an array.
# Where a build is (target/ammi-engine.jar): java -jar on it. Else, on a GPU machine that got the
# bundle of tools/gpu-bundle (.device/: a small JRE and a jar without the corpora): that JRE, with
# the working tree's datasets/ on the class path in place of the corpora the bundled jar leaves out.
# Else it builds the jar first. AMMI_JAR=FILE picks another jar (a copy, so that a rebuild cannot
# swap the jar under a long search).
# shellcheck shell=bash disable=SC2034  # engine and engine_java are for the scripts that source this
engine_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=tools/lib/cli.bash
source "$engine_root/tools/lib/cli.bash"
if [[ -n "${AMMI_JAR:-}" ]]; then
    engine=(java -jar "$AMMI_JAR")
    engine_java=java
elif [[ ! -f "$engine_root/target/ammi-engine.jar" && -x "$engine_root/.device/jre/bin/java" && -f "$engine_root/.device/ammi-engine.jar" ]]; then
    engine_cp="$(mktemp -d)"
    mkdir -p "$engine_cp/ammi"
    ln -s "$engine_root/datasets" "$engine_cp/ammi/datasets"
    engine=("$engine_root/.device/jre/bin/java" -cp "$engine_root/.device/ammi-engine.jar:$engine_cp" ammi.cli.Main)
    engine_java="$engine_root/.device/jre/bin/java"
else
    [[ -f "$engine_root/target/ammi-engine.jar" ]] || (cd "$engine_root" && mvn -q package -DskipTests)
    engine=(java -jar "$engine_root/target/ammi-engine.jar")
    engine_java=java
fi
