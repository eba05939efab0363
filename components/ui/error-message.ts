import { notifications } from "@mantine/notifications";

/** A sentence for any thrown value (an Error's message, or a generic fallback). */
export function toErrorMessage(error: unknown): string {
  if (error instanceof Error && error.message.trim() !== "") return error.message;
  if (typeof error === "string" && error.trim() !== "") return error;
  return "Something went wrong. Please try again.";
}

/** Shows an error as a toast (for errors that belong to no form field). */
export function showErrorToast(title: string, error: unknown): void {
  notifications.show({ color: "red", title, message: toErrorMessage(error), autoClose: 8000 });
}

/** Shows a success toast. */
export function showSuccessToast(title: string, message?: string): void {
  notifications.show({ color: "teal", title, message: message ?? "", autoClose: 4000 });
}
