package ammi.pairs;

/** Two related articles: x (the conditioning side) and y (the encoded side), with an optional split. */
public record Pair(String id, String split, String x, String y) {
}
