# Sourced by the peer comparisons (samplers.sh, multi_objective.sh): the Python environment with
# Optuna, the path of one of hp's benchmark binaries, and the machine's description.
# Expects $root (the checkout) to be set.

# target/peers/venv with Optuna installed (pip from the registry); prints nothing.
peer_venv() {
    venv="$root/target/peers/venv"
    if [ ! -x "$venv/bin/python" ]; then
        python3 -m venv "$venv"
    fi
    "$venv/bin/python" -c 'import optuna' 2>/dev/null || "$venv/bin/pip" install --quiet optuna
}

# Builds `cargo bench --bench NAME` and prints its executable's path; fails if it cannot.
bench_binary() {
    local bin
    bin=$(cd "$root" && cargo bench --bench "$1" --no-run --message-format=json 2>/dev/null |
        sed -n "s/.*\"executable\":\"\([^\"]*$1[^\"]*\)\".*/\1/p" | tail -1)
    [ -x "$bin" ] || { echo "could not build the $1 bench" >&2; return 1; }
    echo "$bin"
}

# The cores, the CPU and Optuna's version, into FILE and onto the terminal.
describe_machine() {
    {
        echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
        echo "optuna: $("$venv/bin/python" -c 'import optuna; print(optuna.__version__)')"
    } | tee "$1"
}
