#!/usr/bin/env bash
# The offline plan of every stack against the base branch's render, as a Markdown report.
#   usage: plan-all.sh BASE_DIR REPORT.md
#   env:   MATRIX    the `stacks` job's matrix JSON ({"include": [{"stack": ...}, ...]})
#          APPROVED  "true" when the pull request carries the approve-data-replacement label
# BASE_DIR holds <stack>.json exports rendered from the base branch; a stack missing there is new.
# Exit 1 when a plan failed, or when one would replace or delete a protected or data-holding
# resource (npm run plan exits 3) and the pull request is not approved; else 0.
set -uo pipefail
base=$1
report=$2
label=approve-data-replacement
status=0
echo "## Offline plan against the base branch" > "$report"
for stack in $(jq -r '.include[].stack' <<< "$MATRIX"); do
    printf '\n### %s\n\n' "$stack" >> "$report"
    if [ ! -f "$base/$stack.json" ]; then
        echo "New stack (no export on the base branch): every resource is created." >> "$report"
        continue
    fi
    out=$(npm run -s plan -- --stack "$stack" --base "$base/$stack.json" 2>&1)
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
