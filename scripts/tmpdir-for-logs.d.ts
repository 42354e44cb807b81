export function tmpdirForLogs(): string;
