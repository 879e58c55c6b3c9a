// The one renderer of command results: a command's run returns a result (result.ts) and the
// format -o chose among those its declaration offers; this writes it. Text for people, JSON
// and YAML for scripts (the yaml package is loaded only for YAML), JUnit XML, SARIF and GitHub
// annotations for CI systems.
import { jsonText, yamlText } from "../../io/data-text.ts";
import { githubAnnotations } from "./github.ts";
import { junitXml } from "./junit.ts";
import { VIEW_OF_FORMAT, type AnyCommandResult, type OutputFormat, type ResultViews } from "./result.ts";
import { sarifLog } from "./sarif.ts";

/** Text ends with a newline, as console.log would write it; nothing stays nothing. */
const lineEnded = (text: string) => (text === "" || text.endsWith("\n") ? text : `${text}\n`);

const WRITERS: { [F in OutputFormat]: (views: ResultViews, title: string) => string } = {
  text: (views) => lineEnded(views.text()),
  json: (views) => jsonText(views.data()),
  yaml: (views) => yamlText(views.data()),
  junit: (views, title) => junitXml(views.cases(), title),
  sarif: (views) => jsonText(sarifLog(views.cases())),
  github: (views, title) => githubAnnotations(views.cases(), title),
};

/** The result in `format`, its report titled after the command (`wardenkit check`). */
export function render(result: AnyCommandResult, format: OutputFormat, command: string): string {
  if (!result[VIEW_OF_FORMAT[format]]) throw new Error(`wardenkit ${command} offers -o ${format} but its result has no ${VIEW_OF_FORMAT[format]}()`);
  return WRITERS[format](result as ResultViews, `wardenkit ${command}`);
}
