#!/usr/bin/env bash
# `npm test`: every suite of the project, in order, continuing past failures so one run shows
# everything. Each suite's passes and failures are added up and the last line printed is
# `N passed, N failed` (the line CI reads). Exit status is non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

RESULTS=test-results
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
: > "$RESULTS/steps.tsv"

# step NAME COMMAND...: a check that counts as one test (pass or fail).
step() {
  local name=$1
  shift
  echo
  echo "=== $name"
  local start=$SECONDS
  if "$@"; then
    printf '%s\tpass\t%s\n' "$name" "$((SECONDS - start))" >> "$RESULTS/steps.tsv"
  else
    printf '%s\tfail\t%s\n' "$name" "$((SECONDS - start))" >> "$RESULTS/steps.tsv"
    echo "!!! $name failed"
  fi
}

# suite NAME CONFIG [paths...]: a vitest suite whose individual tests are counted.
suite() {
  local name=$1 config=$2
  shift 2
  echo
  echo "=== $name"
  local start=$SECONDS
  npx vitest run --config "$config" --reporter=default --reporter=json --outputFile.json="$RESULTS/$name.json" "$@"
  local code=$?
  if [ ! -s "$RESULTS/$name.json" ]; then
    # The runner died before reporting: count the whole suite as one failure.
    printf '%s\tfail\t%s\n' "$name (runner crashed, exit $code)" "$((SECONDS - start))" >> "$RESULTS/steps.tsv"
  fi
}

step "typecheck (tsc --noEmit)" npx tsc --noEmit
step "lint (eslint, import boundaries)" npx eslint .
suite unit vitest.config.ts

step "build chrome (production)" npx wxt build
step "build firefox (production)" npx wxt build -b firefox --mv3
step "build chrome + firefox (sandbox)" env WXT_TARGET_ENV=sandbox bash -c 'npx wxt build && npx wxt build -b firefox --mv3'
step "zip store packages" bash -c 'npx wxt zip && npx wxt zip -b firefox --mv3'
step "web-ext lint firefox build (0 errors)" node scripts/web-ext-lint.mjs .output/firefox-mv3

suite e2e vitest.e2e.config.ts

node scripts/summarize-tests.mjs "$RESULTS" | tee "$RESULTS/summary.txt"
exit "${PIPESTATUS[0]}"
