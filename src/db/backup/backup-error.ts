/** A failure the operator can act on: the CLIs print its message alone, without a stack. */
export class BackupError extends Error {
  override name = 'BackupError';
}
