/** A file POSTed to one of the server's file doors; its refusal, in the server's words, becomes the thrown error. */
export async function postFile<T>(path: string, file: File, failure: string): Promise<T> {
  const separator = path.includes("?") ? "&" : "?";
  const response = await fetch(`${path}${separator}name=${encodeURIComponent(file.name)}`, { method: "POST", body: file });
  const answer = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok) throw new Error(answer.error ?? failure);
  return answer;
}
