// One check a command made, as CI systems count them (`-o junit` writes each as a test case):
// a command describes its checks once, whatever CI format prints them.

export interface TestCase {
  /** What was checked: JUnit's classname (`Pod shop/web`). */
  subject: string;
  /** What checked it: JUnit's name (`ClusterAdmissionPolicy required-labels`). */
  name: string;
  outcome: "passed" | "failed" | "skipped";
  /** Why, in one line. */
  message?: string;
  /** A failure in full, when it says more than the message. */
  detail?: string;
  /** Worth saying about a case that passed (JUnit's system-out). */
  note?: string;
}
