package ammi.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.util.Map;

/**
 * Pretty JSON for the files commands write (--metrics-out, bench --json). A score that does not
 * exist (NaN: P@100 of a corpus without labels) is written as null: JSON has no NaN, and strict
 * parsers (JavaScript's JSON.parse, jq) reject the bare token.
 */
final class JsonOut {
    private static final Gson TREE = new GsonBuilder().serializeSpecialFloatingPointValues().create();
    private static final Gson WRITE = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

    private JsonOut() {}

    static String pretty(Object value) {
        // Null fields never reach the tree (TREE drops them), so the only nulls written are the NaNs replaced here.
        return WRITE.toJson(finite(TREE.toJsonTree(value))) + "\n";
    }

    private static JsonElement finite(JsonElement e) {
        if (e.isJsonPrimitive()) {
            JsonPrimitive p = e.getAsJsonPrimitive();
            return p.isNumber() && !Double.isFinite(p.getAsDouble()) ? JsonNull.INSTANCE : e;
        }
        if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            for (int i = 0; i < a.size(); i++) a.set(i, finite(a.get(i)));
        } else if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            for (Map.Entry<String, JsonElement> en : o.entrySet()) en.setValue(finite(en.getValue()));
        }
        return e;
    }
}
