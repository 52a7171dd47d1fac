export { parseFixReply, DEFAULT_REASON, type ParsedFix, type FixEdit, type SearchReplaceBlock } from './parseFixReply';
export { applyFix } from './applyFix';
export { unifiedDiff } from './unifiedDiff';
export { EDIT_FORMAT_INSTRUCTIONS } from './formatInstructions';
