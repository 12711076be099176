package ammi.cli;

import ammi.util.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

@Command(name = "ammi-engine",
        mixinStandardHelpOptions = true,
        version = Main.VERSION,
        description = "Discrete structured document codes by adversarially maximising mutual information "
                + "(Stratos and Wiseman, ICML 2020).",
        subcommands = {TrainCommand.class, EvalCommand.class, EncodeCommand.class, SearchCommand.class,
                NeighborsCommand.class, ExportCommand.class, DatasetCommand.class,
                PairsCommand.class, BaselineCommand.class, BenchCommand.class, ExperimentCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    static final String VERSION = "ammi-engine 0.1.0";

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code: 0 ok, 1 bad input or failure, 2 bad usage. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        setVersion(cli);
        cli.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error: " + ex.getMessage() + " (see --help)");
            err.flush();
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof UserError) {
                err.println("error: " + ex.getMessage());
            } else {
                err.println("error: internal failure: " + ex);
                ex.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        cli.setExecutionStrategy(parseResult -> {
            Integer help = CommandLine.executeHelpRequest(parseResult); // --help and --version first, as picocli does
            if (help != null) return help;
            checkThreads(parseResult);
            return new CommandLine.RunLast().execute(parseResult);
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // one line instead of a stack trace; every output is written atomically, so nothing is half-written
            System.err.println("error: out of memory (the Java heap holds " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MiB): give java a larger heap (java -Xmx16g -jar ammi-engine.jar ...), or make the run smaller "
                    + "(for train: a smaller --vocab-size, fewer --bits or a smaller --batch-size)");
            return 1;
        }
    }

    /** Every subcommand lists -V/--version in its help; without its own version picocli prints an empty line. */
    private static void setVersion(CommandLine c) {
        c.getCommandSpec().version(VERSION);
        for (CommandLine sub : c.getSubcommands().values()) setVersion(sub);
    }

    /** One check for every command's --threads (0 = all cores): commands only apply a positive count, so -1 would pass unnoticed. */
    private static void checkThreads(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (!p.hasMatchedOption("--threads")) continue;
            Object threads = p.matchedOptionValue("--threads", null);
            if (threads instanceof Integer t && t < 0) {
                // through the execution exception handler, as a command's own UserError: one line, exit status 1
                throw new CommandLine.ExecutionException(p.commandSpec().commandLine(), "--threads",
                        new UserError("--threads must be >= 0, got " + t));
            }
        }
    }
}
