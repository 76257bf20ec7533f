/** What `act` throws, or undefined when it returns: for asserting on an error's code and message. */
export function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  return undefined;
}
