package dev.sextant.client;

/** The body of {@link Sextant#run}: training code that logs to {@code run} and may throw {@code E}. */
@FunctionalInterface
public interface RunBody<E extends Exception> {
    void accept(Run run) throws E;
}
