// `run`'s kwctl record/replay flags: the session a run replays (under kwctl's name or its
// short form) and the session it records, written whole or not at all.
import { ReplaySession } from "../../host/capabilities/replay.ts";
import { SessionRecorder } from "../../host/capabilities/recording.ts";
import { writeFileAtomically } from "../../io/atomic-file.ts";
import { fileErrorReason } from "../../io/text-file.ts";
import { CliError, UsageError } from "../errors.ts";

const REPLAY = "replay-host-capabilities-interactions";
const RECORD = "record-host-capabilities-interactions";

interface SessionFlags {
  [REPLAY]: string | undefined;
  replay: string | undefined;
  [RECORD]: string | undefined;
}

/** The session file to replay, from either spelling of the flag. */
export function replayFile(flags: SessionFlags): string | undefined {
  if (flags[REPLAY] && flags.replay) throw new UsageError(`--replay is short for --${REPLAY}: give one of them`);
  return flags[REPLAY] ?? flags.replay;
}

export function replaySession(flags: SessionFlags): ReplaySession | undefined {
  const file = replayFile(flags);
  return file ? ReplaySession.fromFile(file) : undefined;
}

export function sessionRecorder(flags: SessionFlags): SessionRecorder | undefined {
  return flags[RECORD] ? new SessionRecorder() : undefined;
}

/** Writes what `recorder` recorded to the --record file; a file that cannot be written fails the command. */
export function writeRecordedSession(flags: SessionFlags, recorder: SessionRecorder | undefined): void {
  const file = flags[RECORD];
  if (!file || !recorder) return;
  try {
    writeFileAtomically(file, recorder.toYaml());
  } catch (err) {
    throw new CliError(`--${RECORD}: cannot write ${file}: ${fileErrorReason(err)}`);
  }
}
