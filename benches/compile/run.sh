#!/usr/bin/env bash
# Compile time of hp's derive against serde's, side by side, in scratch crates under
# target/compile-bench (generated here, never committed). See BENCHMARKS.md, section 5.
#
#   benches/compile/run.sh            # 5 alternating repetitions of each measurement, medians
#   REPS=3 benches/compile/run.sh     # quicker
#
# Measured, each for hp and serde in turn, with their own target directories (dev profile, the
# machine's default job count):
#   1. clean build of the derive crate and its dependencies (hp-derive + syn/quote/proc-macro2,
#      against serde_derive + syn/quote/proc-macro2): `cargo build -p hp-derive` after `cargo clean`;
#   2. clean build of the whole config crate (4 below) with every dependency;
#   3. the derive crate alone, its dependencies already built (`cargo clean -p` of it, then build);
#   4. a binary whose 20-field config derives `Hyperparams` (and samples it) against the same
#      struct deriving `Deserialize` (and parsing it from JSON): the crate alone, dependencies built;
#   5. incremental rebuild after editing the struct (one field's type switches u32 <-> u64).
# Figures are wall-clock medians in seconds; the load average is printed before and after.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$root/target/compile-bench"
reps=${REPS:-5}
mkdir -p "$work"

fields=20
# The 20-field config: the lecture's four scales, cycled, with distinct bounds.
hp_fields() {
    for i in $(seq 0 $((fields - 1))); do
        case $((i % 4)) in
            0) echo "    #[hp(log, 1e-4, 1.0)] pub f$i: f64," ;;
            1) echo "    #[hp(reverse_log, 0.9, 0.999)] pub f$i: f64," ;;
            2) echo "    #[hp(linear, 50, 100)] pub f$i: u32," ;;
            3) echo "    #[hp(linear, 2, 4)] pub f$i: usize," ;;
        esac
    done
}
plain_fields() { hp_fields | sed 's/#\[hp([^]]*)\] //'; }

make_crate() { # name, dependencies, derive line, use lines, main body
    local dir="$work/$1"
    mkdir -p "$dir/src"
    cat > "$dir/Cargo.toml" <<EOF
[package]
name = "$1"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
$2

[workspace]
EOF
    # The same versions as the workspace: its lock file, trimmed by cargo to what this crate uses.
    cp "$root/Cargo.lock" "$dir/Cargo.lock"
    {
        echo "$4"
        echo
        echo "$3"
        echo "pub struct Config {"
        if [ "$1" = cfg_hp ]; then hp_fields; else plain_fields; fi
        echo "}"
        echo
        echo "fn main() {"
        echo "$5"
        echo "}"
    } > "$dir/src/main.rs"
}

make_crate cfg_hp \
    "hp = { path = \"$root\", default-features = false, features = [\"derive\"] }
rand = { version = \"0.10\", default-features = false }" \
    "#[derive(hp::Hyperparams, Debug)]" \
    "use hp::Hyperparams;
use rand::{SeedableRng, rngs::Xoshiro256PlusPlus};" \
    "    let cfg = Config::sample_with(&mut Xoshiro256PlusPlus::seed_from_u64(1));
    println!(\"{cfg:?} {}\", Config::space());"
make_crate cfg_serde \
    "serde = { version = \"1\", features = [\"derive\"] }
serde_json = \"1\"" \
    "#[derive(serde::Deserialize, Debug)]" \
    "" \
    "    let json = (0..$fields).map(|i| format!(\"\\\"f{i}\\\": {}\", if i % 4 < 2 { \"0.5\" } else { \"3\" }));
    let json = format!(\"{{{}}}\", json.collect::<Vec<_>>().join(\", \"));
    let cfg: Config = serde_json::from_str(&json).unwrap();
    println!(\"{cfg:?}\");"

secs() { # wall-clock seconds of a command, its output discarded
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null 2>&1 || { echo "compile/run.sh: failed: $*" >&2; exit 1; }
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

build() { # crate, cargo arguments...
    local crate=$1
    shift
    (cd "$work/$crate" && CARGO_TARGET_DIR="$work/target-$crate" cargo "$@")
}

declare -A t
record() { t[$1]+="$2 "; }

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1); $(rustc --version)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "syn features enabled for hp-derive (cargo tree -e features):"
(cd "$root" && cargo tree -e features -p hp-derive --depth 1 2>/dev/null | grep -E 'syn feature' | sed 's/^[^a-z]*/  /')
# Fetch and build once so that the first timed repetition does not download.
build cfg_hp build -q
build cfg_serde build -q

toggle() { # switch field f2 between u32 and u64 in both crates
    for c in cfg_hp cfg_serde; do
        if grep -q 'pub f2: u32' "$work/$c/src/main.rs"; then
            sed -i 's/pub f2: u32/pub f2: u64/' "$work/$c/src/main.rs"
        else
            sed -i 's/pub f2: u64/pub f2: u32/' "$work/$c/src/main.rs"
        fi
    done
}

for rep in $(seq "$reps"); do
    echo "repetition $rep/$reps (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    for pair in "cfg_hp hp-derive" "cfg_serde serde_derive"; do
        set -- $pair
        crate=$1 derive=$2
        build "$crate" clean -q
        record "clean:$derive" "$(secs build "$crate" build -p "$derive")"
        build "$crate" clean -q
        record "full:$crate" "$(secs build "$crate" build)"
        build "$crate" clean -q -p "$derive"
        record "alone:$derive" "$(secs build "$crate" build -p "$derive")"
        build "$crate" build -q
        build "$crate" clean -q -p "$crate"
        record "crate:$crate" "$(secs build "$crate" build)"
    done
    toggle
    for crate in cfg_hp cfg_serde; do
        record "edit:$crate" "$(secs build "$crate" build)"
    done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

row() { # label, hp key, serde key
    local h s
    h=$(echo "${t[$2]}" | tr ' ' '\n' | grep . | median)
    s=$(echo "${t[$3]}" | tr ' ' '\n' | grep . | median)
    printf '%-58s %8.2f %8.2f %8.2f\n' "$1" "$h" "$s" "$(echo "$h / $s" | bc -l)"
}
echo
printf '%-58s %8s %8s %8s\n' "median of $reps, seconds" hp serde hp/serde
row "clean build: derive crate + syn/quote/proc-macro2" clean:hp-derive clean:serde_derive
row "clean build: the config crate and all its dependencies" full:cfg_hp full:cfg_serde
row "the derive crate alone (dependencies built)" alone:hp-derive alone:serde_derive
row "20-field config crate: derive + use (dependencies built)" crate:cfg_hp crate:cfg_serde
row "rebuild after editing the struct" edit:cfg_hp edit:cfg_serde
echo
echo "one clean build of each config crate, per unit (cargo build --timings), seconds:"
for crate in cfg_hp cfg_serde; do
    build "$crate" clean -q
    build "$crate" build -q --timings
    html=$(ls -t "$work/target-$crate"/cargo-timings/cargo-timing-*.html | head -1)
    python3 - "$html" "$crate" <<'EOF'
import json, re, sys
data = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);", open(sys.argv[1]).read(), re.S).group(1))
units = sorted(data, key=lambda u: -u["duration"])
print(f"  {sys.argv[2]}: " + ", ".join(f"{u['name']}{' (build script)' if 'build-script' in u.get('target', '') else ''} {u['duration']:.2f}" for u in units[:8]))
EOF
done
echo
echo "raw seconds per repetition:"
for k in "${!t[@]}"; do echo "  $k: ${t[$k]}"; done | sort
