package dev.sextant.server.service;

import java.util.random.RandomGenerator;

/** Memorable default run names such as "brisk-heron-42", as MLflow users are used to. */
final class RunNames {
    private static final String[] ADJECTIVES = {
        "amber", "bold", "brisk", "calm", "clever", "crisp", "daring", "eager", "fleet", "gentle", "glad", "keen",
        "lively", "lucid", "merry", "nimble", "placid", "quiet", "rapid", "serene", "sharp", "steady", "swift",
        "tidy", "vivid", "warm", "wise", "zesty"};
    private static final String[] NOUNS = {
        "albatross", "badger", "bison", "crane", "dolphin", "falcon", "finch", "fox", "gecko", "heron", "ibis",
        "jaguar", "kestrel", "koala", "lynx", "marten", "narwhal", "ocelot", "otter", "owl", "panda", "puffin",
        "quail", "raven", "seal", "swan", "tern", "walrus", "wren", "yak"};

    private final RandomGenerator random;

    RunNames(RandomGenerator random) {
        this.random = random;
    }

    String next() {
        return ADJECTIVES[random.nextInt(ADJECTIVES.length)] + "-" + NOUNS[random.nextInt(NOUNS.length)] + "-"
                + random.nextInt(1000);
    }
}
