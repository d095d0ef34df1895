/** Test helper: what a call throws, as the type the test expects; a call that throws nothing fails the test. */
export function thrownBy<E = unknown>(f: () => unknown): E {
  try {
    f();
  } catch (error) {
    return error as E;
  }
  throw new Error("expected the call to throw");
}
