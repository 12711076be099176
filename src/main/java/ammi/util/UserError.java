package ammi.util;

/**
 * An error caused by the user's input (a file, an option, a checkpoint). The command line prints
 * its message as one line, without a stack trace, so the message must name the file or option
 * and say what was expected.
 */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
