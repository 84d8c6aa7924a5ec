/**
 * The vitest path to Allure: an `AllureTestDescription` (allure-model.ts) sent through the allure
 * runtime of the running test, so allure-vitest writes the same test `renderAllure` writes for
 * `ixh run`. It speaks the runtime's message protocol (what `allure.step()`/`allure.attachment()`
 * send) directly, because only messages carry the recorded step times and an explicit step status;
 * `step()` would stamp the time of reporting and derive the status from a thrown error.
 *
 * Test-side only: allure-js-commons comes with allure-vitest, a dev dependency; `ixh` never loads
 * this file.
 */
import { AssertionError } from 'node:assert';
import { Status } from 'allure-js-commons';
import type { RuntimeMessage } from 'allure-js-commons/sdk';
import { BaseMessageTestRuntime, getGlobalTestRuntime } from 'allure-js-commons/sdk/runtime';
import type { AllureStatus, AllureTestDescription } from './allure-model.ts';

const STATUS: Readonly<Record<AllureStatus, Status>> = { passed: Status.PASSED, failed: Status.FAILED, broken: Status.BROKEN, skipped: Status.SKIPPED };

/** The runtime allure-vitest installed for the running test, or undefined when Allure is off (no CI). */
export function activeAllureRuntime(): BaseMessageTestRuntime | undefined {
  const runtime = getGlobalTestRuntime();
  return runtime instanceof BaseMessageTestRuntime ? runtime : undefined;
}

/** Sends the test's metadata, steps and attachments; the test's own status stays vitest's verdict. */
export async function sendAllureTest(test: AllureTestDescription, runtime: Pick<BaseMessageTestRuntime, 'sendMessage'>): Promise<void> {
  for (const message of allureRuntimeMessages(test)) await runtime.sendMessage(message);
}

export function allureRuntimeMessages(test: AllureTestDescription): RuntimeMessage[] {
  const messages: RuntimeMessage[] = [
    {
      type: 'metadata',
      data: {
        displayName: test.name,
        testCaseId: test.testCaseId,
        historyId: test.historyId,
        description: test.description,
        labels: test.labels.map((l) => ({ ...l })),
        parameters: test.parameters.map((p) => ({ ...p })),
      },
    },
  ];
  for (const step of test.steps) {
    messages.push({ type: 'step_start', data: { name: step.name, start: step.start } });
    if (step.parameters.length > 0) messages.push({ type: 'step_metadata', data: { parameters: step.parameters.map((p) => ({ ...p })) } });
    for (const a of step.attachments) {
      messages.push({
        type: 'attachment_content',
        data: { name: a.name, content: Buffer.from(a.content).toString('base64'), encoding: 'base64', contentType: a.contentType, fileExtension: a.fileExtension, wrapInStep: false, timestamp: step.start },
      });
    }
    messages.push({ type: 'step_stop', data: { status: STATUS[step.status], stop: step.stop, ...(step.message !== undefined && { statusDetails: { message: step.message } }) } });
  }
  return messages;
}

/**
 * What the vitest entry throws for a run that did not pass, so allure-vitest files it under the
 * status the native path gives it: an assertion error reads as `failed` (the SUT), any other error
 * as `broken` (the harness). Undefined for a pass; a skip is the test's `skip()`.
 * Allure also reads "assert" anywhere in a message as a failed assertion, so a harness error whose
 * text says "assertion" (a SAML one, say) is shown failed in the vitest path.
 */
export function verdictError(test: Pick<AllureTestDescription, 'status' | 'message'>): Error | undefined {
  const message = test.message ?? test.status;
  if (test.status === 'failed') return new AssertionError({ message });
  if (test.status === 'broken') return Object.assign(new Error(message), { name: 'HarnessError' });
  return undefined;
}
