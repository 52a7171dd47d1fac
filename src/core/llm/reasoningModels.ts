/**
 * OpenAI reasoning models (o1, o3, o4-mini, gpt-5 …) reject `temperature` and `max_tokens`
 * and take the system text as a `developer` message, so the request shape depends on the name.
 * Names are matched loosely because Azure deployments and OpenAI-compatible servers prefix
 * or rename them ("openai/o3", "prod-o4-mini", "my-reasoning-model").
 */
export function isReasoningModel(model: string): boolean {
  const name = model.trim().toLowerCase();
  // An o-series token anywhere: "o1", "o3-mini", "prod-o4-mini", "openai/o1-preview"; not "gpt-4o".
  if (/(^|[-_/.:\s])o[1-9](?=$|[-_.:\s])/.test(name)) return true;
  if (/(^|[-_/.:\s])gpt-5/.test(name)) return true;
  return name.includes('reasoning');
}
