/** The cookie that remembers which workspace to open at "/". */
export const LAST_WORKSPACE_COOKIE = "confab-workspace";
