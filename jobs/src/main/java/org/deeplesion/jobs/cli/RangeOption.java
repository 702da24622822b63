package org.deeplesion.jobs.cli;

/**
 * A command-line range written MIN..MAX, as {@code --slices 24..48}, {@code --spacing 0.6..0.95} or
 * {@code --k-range 4..10}; a malformed one is an error that names the option and shows an example.
 */
final class RangeOption {

    private RangeOption() {}

    static int[] ints(String option, String value, String example) {
        String[] parts = parts(option, value, example);
        try {
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (NumberFormatException e) {
            throw invalid(option, value, example);
        }
    }

    static double[] doubles(String option, String value, String example) {
        String[] parts = parts(option, value, example);
        try {
            return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
        } catch (NumberFormatException e) {
            throw invalid(option, value, example);
        }
    }

    private static String[] parts(String option, String value, String example) {
        String[] parts = value.split("\\.\\.", -1);
        if (parts.length != 2) {
            throw invalid(option, value, example);
        }
        return new String[] {parts[0].trim(), parts[1].trim()};
    }

    private static IllegalArgumentException invalid(String option, String value, String example) {
        return new IllegalArgumentException(option + " must look like " + example + ", was '" + value + "'");
    }
}
