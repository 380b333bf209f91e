/** Reads a submitted form's text fields, trimmed; a missing or file field reads as "". */
export function formText(form: FormData): (key: string) => string {
  return (key) => {
    const value = form.get(key);
    return typeof value === "string" ? value.trim() : "";
  };
}
