package ammi.data;

import java.util.List;

/** One corpus line: id (as text), split ("train"/"test"/other, or null), labels, raw text. */
public record Document(String id, String split, List<String> labels, String text) {
}
