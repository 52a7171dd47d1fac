/** How the fixer must shape its reply; parseFixReply accepts exactly these forms. */
export const EDIT_FORMAT_INSTRUCTIONS = `Start your reply with one line: REASON: <what was wrong and what you changed, in one sentence>

Then give the change as one or more SEARCH/REPLACE blocks:

<<<<<<< SEARCH
<lines copied exactly from the current solution.py, including indentation>
=======
<the lines that replace them>
>>>>>>> REPLACE

Rules:
- SEARCH must be an exact copy of consecutive existing lines and must match only one place; add neighbouring lines if needed.
- Keep each block small: only the lines that change plus a little context. Use several blocks for several places; they are applied in order.
- To delete lines, leave the REPLACE part empty.
- Only if the change touches most of the file, give instead the complete new solution.py in one \`\`\`python code block.
- A unified diff in a \`\`\`diff block is accepted too, but SEARCH/REPLACE blocks are preferred.`;
