package example.nomail;

/** An application without any mail library: {@code PlainApp PROPS WORD...} prints the words back. */
public final class PlainApp {
    public static void main(String[] args) {
        System.out.println("PLAIN OK " + String.join(" ", java.util.Arrays.copyOfRange(args, 1, args.length)));
    }
}
