/** Test helper: what a call throws, as the type the test expects; a call that throws nothing fails the test. */
export function thrownBy<E = unknown>(f: () => unknown): E {
  try {
    f();
  } catch (error) {
    return error as E;
  }
  throw new Error("expected the call to throw");
}

/**
 * Test helper, the async twin of thrownBy: what a promise rejects with, as the type the test expects; a promise
 * that resolves fails the test.
 */
export async function rejectionOf<E = unknown>(promise: Promise<unknown>): Promise<E> {
  return promise.then(
    () => {
      throw new Error("expected the promise to reject");
    },
    (error: unknown) => error as E,
  );
}
