#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ (one per reader) and runs each for a bounded time.
#   FUZZ_SECONDS   seconds per target (default 30)
#   FUZZ_TARGETS   which targets (default: all of csv idx npy gzip model t7)
#   FUZZ_CONFIG    debug or release build of the targets (default debug: builds faster)
#   HOSTILE_DIR    extra seed files (default ../shared/fixtures/hostile, when it exists)
# Seeds are small valid files written here, plus the hostile fixtures; the corpus grown by a run
# is kept in Fuzz/.build/corpus/<target> for the next run. A crash, leak-free OOM or timeout is
# written to Fuzz/artifacts/<target>-* and makes the script fail (after running every target).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SWIFT=${SWIFT:-swift}
JOBS=${JOBS:-2}
FUZZ_SECONDS=${FUZZ_SECONDS:-30}
FUZZ_TARGETS=${FUZZ_TARGETS:-"csv idx npy gzip model t7"}
FUZZ_CONFIG=${FUZZ_CONFIG:-debug}
HOSTILE_DIR=${HOSTILE_DIR:-$root/../shared/fixtures/hostile}
T7_DIR=${T7_DIR:-$root/../shared/fixtures/t7}

cd "$root/Fuzz"
# One product at a time: SwiftPM builds one --product per invocation.
for t in $FUZZ_TARGETS; do
    "$SWIFT" build -j "$JOBS" -c "$FUZZ_CONFIG" --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address --product "fuzz-$t"
done
bin=$("$SWIFT" build -c "$FUZZ_CONFIG" --show-bin-path)

# Seed corpora: small valid inputs of each format.
seeds=.build/seeds
rm -rf "$seeds"
for t in csv idx npy gzip model t7; do mkdir -p "$seeds/$t"; done
printf '1,2,3\n4.5,-6,7e3\n' > "$seeds/csv/plain.csv"
printf '\001a;b\n1;2\n"3";4\r\n' > "$seeds/csv/header.csv"
printf '\000x,y\n1,\n,2\n' > "$seeds/csv/missing.csv"
# IDX: magic (0, 0, type, dims), big-endian sizes, data. Unsigned bytes 2x3, float 2, int labels.
printf '\x00\x00\x08\x02\x00\x00\x00\x02\x00\x00\x00\x03\x01\x02\x03\x04\x05\x06' > "$seeds/idx/ubyte.idx"
printf '\x00\x00\x0d\x01\x00\x00\x00\x02\x3f\x80\x00\x00\x40\x00\x00\x00' > "$seeds/idx/float.idx"
printf '\x00\x00\x08\x01\x00\x00\x00\x04\x00\x01\x02\x09' > "$seeds/idx/labels.idx"
gzip -9nc "$seeds/idx/ubyte.idx" > "$seeds/idx/ubyte.idx.gz"
gzip -9nc "$seeds/csv/plain.csv" > "$seeds/gzip/plain.csv.gz"
cp "$seeds/idx/ubyte.idx.gz" "$seeds/gzip/"
printf '' | gzip -nc > "$seeds/gzip/empty.gz"
# NPY version 1.0: magic, version, header length (little-endian u16), header padded to 64.
npy() {  # npy FILE DESCR SHAPE DATA(printf escapes)
    local header="{'descr': '$2', 'fortran_order': False, 'shape': $3, }"
    local padded=$(printf '%-*s' $((64 - 10 - 1)) "$header")
    { printf '\x93NUMPY\x01\x00\x35\x00'; printf '%s\n' "$padded"; printf "$4"; } > "$1"
}
npy "$seeds/npy/f8.npy" '<f8' '(2,)' '\x00\x00\x00\x00\x00\x00\xf0\x3f\x00\x00\x00\x00\x00\x00\x00\x40'
npy "$seeds/npy/f4.npy" '<f4' '(1, 2)' '\x00\x00\x80\x3f\x00\x00\x00\x40'
npy "$seeds/npy/i8.npy" '<i8' '(1,)' '\x07\x00\x00\x00\x00\x00\x00\x00'
npy "$seeds/npy/u1.npy" '|u1' '()' '\x05'
# Torch7: the files Torch7 itself wrote, and a small ascii file (a table holding a 2-element tensor).
if [ -d "$T7_DIR" ]; then cp "$T7_DIR"/*.t7 "$seeds/t7/"; fi
printf '3\n1\n1\n2\n1\nx\n4\n2\n3\nV 1\n17\ntorch.FloatTensor\n1\n2\n1\n1\n4\n3\n3\nV 1\n18\ntorch.FloatStorage\n2\n1.5 -2\n' > "$seeds/t7/ascii.t7"
if [ -d "$HOSTILE_DIR" ]; then
    for f in "$HOSTILE_DIR"/*; do
        case "$(basename "$f")" in
            model-*) cp "$f" "$seeds/model/"
                     # The payload alone: the target also decodes an input as a payload.
                     tail -c +29 "$f" > "$seeds/model/$(basename "$f").payload" ;;
            npy-*) cp "$f" "$seeds/npy/"; gzip -dc "$f" > "$seeds/npy/$(basename "$f" .gz)" 2>/dev/null || true ;;
            *gzip*|*.gz) cp "$f" "$seeds/gzip/"; cp "$f" "$seeds/idx/" ;;
            *.idx) cp "$f" "$seeds/idx/" ;;
        esac
    done
fi

mkdir -p "$root/Fuzz/artifacts"
failed=()
for t in $FUZZ_TARGETS; do
    corpus=.build/corpus/$t
    mkdir -p "$corpus"
    echo "== fuzz-$t: $FUZZ_SECONDS s"
    if ! ASAN_OPTIONS=detect_leaks=0 "$bin/fuzz-$t" -max_total_time="$FUZZ_SECONDS" -timeout=10 \
            -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$root/Fuzz/artifacts/$t-" \
            "$corpus" "$seeds/$t" 2>&1 | tee ".build/fuzz-$t.log" | grep -E '^(INFO: Running|#[0-9]+.*DONE|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY|Done|artifact_prefix|Test unit written)' ; then
        :
    fi
    if grep -qE 'ERROR: (libFuzzer|AddressSanitizer)|Test unit written|deadly signal' ".build/fuzz-$t.log"; then failed+=("$t"); fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: failures in ${failed[*]} (inputs in Fuzz/artifacts/)" >&2
    exit 1
fi
echo "fuzz: no crash in $FUZZ_TARGETS ($FUZZ_SECONDS s each)"
