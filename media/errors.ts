// Media failures. `permanent: true` means retrying cannot help (corrupt or missing media, 404):
// processors map it to BullMQ's UnrecoverableError; anything else is thrown as a plain retryable Error.
export class MediaError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly input?: string,
  ) {
    super(message);
    this.name = 'MediaError';
  }
}

const PERMANENT = [
  /Invalid data found when processing input/i,
  /No such file or directory/i,
  /moov atom not found/i,
  /does not contain any stream/i,
  /Server returned 40[034]/i,
  /Server returned 410/i,
  /Protocol not found/i,
  /not in whitelist/i,
  /Invalid argument/i,
];

/** Classifies ffmpeg/ffprobe stderr: permanent for corrupt/missing media, transient for network trouble. */
export function mediaErrorFrom(tool: string, input: string, code: number | null, stderr: string): MediaError {
  const tail = stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 500);
  const permanent = PERMANENT.some((re) => re.test(stderr));
  return new MediaError(`${tool} failed on ${input} (exit ${code}): ${tail || 'no output'}`, permanent, input);
}
