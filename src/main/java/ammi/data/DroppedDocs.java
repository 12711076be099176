package ammi.data;

/** Documents dropped per split because nothing of them survived preprocessing. */
public record DroppedDocs(int train, int validation, int test) {
    public static final DroppedDocs NONE = new DroppedDocs(0, 0, 0);

    public int total() {
        return train + validation + test;
    }
}
