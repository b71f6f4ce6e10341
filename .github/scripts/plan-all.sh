#!/usr/bin/env bash
# The pull request's gate, as a Markdown report. Run from the BASE branch's checkout: every script,
# the policy pack and policies/config/<stack>.json are the base branch's; this branch contributes
# only data (its exports and its stack files).
#   usage: plan-all.sh BASE_DIR HEAD_DIR HEAD_STACKS_DIR REPORT.md
#   env:   MATRIX    the `stacks` job's matrix JSON ({"include": [{"stack": ...}, ...]})
#          APPROVED  "true" when the pull request carries the approve-data-replacement label
# BASE_DIR holds <stack>.json exports rendered from the base branch (a stack missing there is new);
# HEAD_DIR the same rendered from this branch; HEAD_STACKS_DIR this branch's Pulumi.<stack>.yaml
# (with the base branch's Pulumi.yaml). Per stack, in order:
#   1. config keys of the stack file:  node .github/scripts/check-stack-keys.mjs (exit 1 refuses)
#   2. the base branch's pack on this branch's export:  npm run policy -- HEAD_DIR/<stack>.json
#   3. the plan against the base render:  npm run plan -- --base BASE --head HEAD (exit 3: data loss)
# Exit 1 when a check fails, when a plan fails, or when one would replace or delete a protected or
# data-holding resource and the pull request is not approved; else 0.
set -uo pipefail
base=$1
head=$2
stacks_dir=$3
report=$4
label=approve-data-replacement
status=0
echo "## Gate: the base branch's checks on this branch" > "$report"
for stack in $(jq -r '.include[].stack' <<< "$MATRIX"); do
    printf '\n### %s\n\n' "$stack" >> "$report"
    out=$(node .github/scripts/check-stack-keys.mjs "$stacks_dir" "$stack" 2>&1)
    rc=$?
    if [ $rc -ne 0 ]; then
        printf '```\n%s\n```\n**Blocked:** the stack file sets a refused config key (exit %s).\n' "$out" "$rc" >> "$report"
        status=1
    fi
    if [ ! -f "$head/$stack.json" ]; then
        echo "**Blocked:** no export of this branch for the stack (its synth failed)." >> "$report"
        status=1
        continue
    fi
    out=$(npm run -s policy -- "$head/$stack.json" 2>&1)
    rc=$?
    if [ $rc -ne 0 ]; then
        printf '```\n%s\n```\n**Blocked:** the base branch'"'"'s policy pack and config refuse this render (exit %s).\n' "$out" "$rc" >> "$report"
        status=1
    fi
    if [ ! -f "$base/$stack.json" ]; then
        echo "New stack (no export on the base branch): every resource is created." >> "$report"
        continue
    fi
    out=$(npm run -s plan -- --stack "$stack" --base "$base/$stack.json" --head "$head/$stack.json" 2>&1)
    rc=$?
    printf '```\n%s\n```\n' "$out" >> "$report"
    case $rc in
        0) ;;
        3)
            if [ "${APPROVED:-false}" = true ]; then
                echo "Replaces or deletes data-holding resources: approved by the \`$label\` label." >> "$report"
            else
                echo "**Blocked:** this change replaces or deletes data-holding resources. Add \`aliases\` if it is a rename; if the loss is intended, add the \`$label\` label." >> "$report"
                status=1
            fi
            ;;
        *)
            echo "**The plan failed** (exit $rc)." >> "$report"
            status=1
            ;;
    esac
done
exit $status
