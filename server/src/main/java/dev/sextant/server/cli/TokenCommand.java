package dev.sextant.server.cli;

import dev.sextant.server.auth.Scope;
import dev.sextant.server.auth.TokenEntry;
import dev.sextant.server.auth.TokenFile;
import dev.sextant.server.auth.TokenHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sextant token create|revoke|list}: edits the tokens file a server started with --auth-tokens reads.
 * A running server picks the change up on its next request.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        subcommands = {TokenCommand.Create.class, TokenCommand.Revoke.class, TokenCommand.List.class},
        description = "Create, revoke and list API tokens (stored hashed in the tokens file).")
public final class TokenCommand {

    /** The --file option every subcommand shares. */
    static final class FileOption {
        @Option(names = "--file", defaultValue = "${env:SEXTANT_AUTH_TOKENS_FILE}",
                description = "The tokens file (env SEXTANT_AUTH_TOKENS_FILE); the server's --auth-tokens.")
        Path file;

        Path require(CommandLine.Model.CommandSpec spec) {
            if (file == null) throw new CommandLine.ParameterException(spec.commandLine(), "--file or SEXTANT_AUTH_TOKENS_FILE is required");
            return file;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a token and print it (once).")
    static final class Create implements Callable<Integer> {
        @Spec CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin FileOption file;
        @Option(names = "--name", required = true, description = "A unique name, e.g. ci or alice.") String name;
        @Option(names = "--scope", defaultValue = "write", description = "read, write or admin (default ${DEFAULT-VALUE}).") String scope;

        @Override
        public Integer call() {
            var path = file.require(spec);
            var token = TokenHash.newToken();
            try {
                TokenFile.add(path, new TokenEntry(name, Scope.parse(scope), TokenHash.of(token)));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            System.err.println("Created token '" + name + "' (" + scope + ") in " + path + ". It is shown once; store it now:");
            System.out.println(token);
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Remove a token; its share links stop working too.")
    static final class Revoke implements Callable<Integer> {
        @Spec CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin FileOption file;
        @Option(names = "--name", required = true) String name;

        @Override
        public Integer call() {
            if (TokenFile.remove(file.require(spec), name)) {
                System.out.println("Revoked token '" + name + "'.");
                return 0;
            }
            System.err.println("No token named '" + name + "'.");
            return 1;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List token names and scopes.")
    static final class List implements Callable<Integer> {
        @Spec CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin FileOption file;

        @Override
        public Integer call() {
            var path = file.require(spec);
            if (!Files.exists(path)) return 0;
            for (var entry : TokenFile.read(path)) System.out.println(entry.name() + "\t" + entry.scope().label());
            return 0;
        }
    }
}
