package dev.gantry.spec;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a pipeline spec as bytes and reads it back, for a cache of parsed pipelines: a cold
 * JVM reads a 1,000-step pipeline from bytes in about a third of the time it takes to parse
 * and validate its YAML.
 *
 * <p>The codec follows the spec's records by reflection, component by component, so it cannot
 * forget a field. {@link #schema()} describes the shape of those records; a cache must keep
 * bytes apart by schema and never read bytes written for another shape.
 */
public final class SpecCodec {
    /** The codecs of single values, which with enums are the leaves of a spec. */
    private static final Map<Class<?>, Codec> SCALARS = scalars();
    private static final Map<Type, Codec> CODECS = new ConcurrentHashMap<>();
    private static volatile String schema;

    private SpecCodec() {}

    /** {@code spec} as bytes. */
    public static byte[] write(PipelineSpec spec) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            codec(PipelineSpec.class).write(out, spec);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * The spec that {@link #write} wrote as {@code bytes}.
     *
     * @throws IllegalArgumentException when the bytes are not such a spec, such as a truncated file
     */
    public static PipelineSpec read(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            PipelineSpec spec = (PipelineSpec) codec(PipelineSpec.class).read(in);
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes follow the spec");
            }
            return spec;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a pipeline spec written by this codec: " + e.getMessage(), e);
        }
    }

    /**
     * The shape of the spec: every record with its components' types and names, every enum with
     * its constants, every sealed interface with its implementations. Bytes written under one
     * schema are read correctly under the same schema only.
     */
    public static String schema() {
        String s = schema;
        if (s == null) {
            StringBuilder text = new StringBuilder();
            describe(PipelineSpec.class, text, new HashSet<>());
            schema = s = text.toString();
        }
        return s;
    }

    private static void describe(Type type, StringBuilder text, Set<Class<?>> seen) {
        if (type instanceof ParameterizedType p) {
            for (Type argument : p.getActualTypeArguments()) {
                describe(argument, text, seen);
            }
            return;
        }
        Class<?> c = (Class<?>) type;
        if (!seen.add(c) || isLeaf(c)) {
            return;
        }
        if (c.isRecord()) {
            text.append(c.getName()).append('(');
            for (RecordComponent component : c.getRecordComponents()) {
                text.append(component.getGenericType().getTypeName()).append(' ').append(component.getName()).append(';');
            }
            text.append(")\n");
            for (RecordComponent component : c.getRecordComponents()) {
                describe(component.getGenericType(), text, seen);
            }
        } else if (c.isEnum()) {
            text.append(c.getName()).append(List.of(c.getEnumConstants())).append('\n');
        } else if (c.isSealed()) {
            text.append(c.getName()).append(" permits");
            for (Class<?> permitted : c.getPermittedSubclasses()) {
                text.append(' ').append(permitted.getName());
            }
            text.append('\n');
            for (Class<?> permitted : c.getPermittedSubclasses()) {
                describe(permitted, text, seen);
            }
        } else {
            throw unsupported(c);
        }
    }

    /** Types the schema says no more of: scalars, and containers, which are described by their arguments. */
    private static boolean isLeaf(Class<?> c) {
        return SCALARS.containsKey(c) || c == Optional.class || c == List.class || c == Map.class;
    }

    /** How values of one type are written and read: worked out once per type, not per value. */
    private interface Codec {
        void write(DataOutputStream out, Object value) throws IOException;

        Object read(ByteBuffer in);
    }

    private static Codec codec(Type type) {
        Codec known = CODECS.get(type);
        if (known == null) {
            known = codecFor(type);
            CODECS.put(type, known);
        }
        return known;
    }

    private static Map<Class<?>, Codec> scalars() {
        Codec text = leaf((out, v) -> {
            byte[] utf8 = ((String) v).getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        }, in -> {
            byte[] utf8 = new byte[count(in)];
            in.get(utf8);
            return new String(utf8, StandardCharsets.UTF_8);
        });
        Codec bool = leaf((out, v) -> out.writeBoolean((Boolean) v), in -> in.get() != 0);
        Codec int32 = leaf((out, v) -> out.writeInt((Integer) v), ByteBuffer::getInt);
        Codec int64 = leaf((out, v) -> out.writeLong((Long) v), ByteBuffer::getLong);
        Codec float64 = leaf((out, v) -> out.writeDouble((Double) v), ByteBuffer::getDouble);
        Map<Class<?>, Codec> scalars = new HashMap<>();
        scalars.put(String.class, text);
        scalars.put(boolean.class, bool);
        scalars.put(Boolean.class, bool);
        scalars.put(int.class, int32);
        scalars.put(Integer.class, int32);
        scalars.put(long.class, int64);
        scalars.put(Long.class, int64);
        scalars.put(double.class, float64);
        scalars.put(Double.class, float64);
        scalars.put(Duration.class, leaf((out, v) -> {
            out.writeLong(((Duration) v).getSeconds());
            out.writeInt(((Duration) v).getNano());
        }, in -> Duration.ofSeconds(in.getLong(), in.getInt())));
        scalars.put(Object.class, plainValue(text));
        scalars.put(ZoneId.class, leaf((out, v) -> text.write(out, ((ZoneId) v).getId()),
                in -> ZoneId.of((String) text.read(in))));
        return Map.copyOf(scalars);
    }

    /**
     * Plain values, as settings for particular executors hold them: text, lists and maps of
     * them, each written after a tag that says which.
     */
    private static Codec plainValue(Codec text) {
        return new Codec() {
            @Override
            public void write(DataOutputStream out, Object value) throws IOException {
                if (value instanceof List<?> list) {
                    out.writeByte(1);
                    out.writeInt(list.size());
                    for (Object item : list) {
                        write(out, item);
                    }
                } else if (value instanceof Map<?, ?> map) {
                    out.writeByte(2);
                    out.writeInt(map.size());
                    for (Map.Entry<?, ?> e : map.entrySet()) {
                        text.write(out, e.getKey().toString());
                        write(out, e.getValue());
                    }
                } else {
                    out.writeByte(0);
                    text.write(out, value.toString());
                }
            }

            @Override
            public Object read(ByteBuffer in) {
                byte tag = in.get();
                if (tag == 0) {
                    return text.read(in);
                }
                int size = count(in);
                if (tag == 1) {
                    List<Object> list = new ArrayList<>(size);
                    for (int i = 0; i < size; i++) {
                        list.add(read(in));
                    }
                    return list;
                }
                if (tag != 2) {
                    throw new IllegalArgumentException("no plain value has tag " + tag);
                }
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < size; i++) {
                    map.put((String) text.read(in), read(in));
                }
                return map;
            }
        };
    }

    private static Codec codecFor(Type type) {
        Class<?> c = raw(type);
        Codec scalar = SCALARS.get(c);
        if (scalar != null) {
            return scalar;
        } else if (c.isEnum()) {
            Object[] constants = c.getEnumConstants();
            return leaf((out, v) -> out.writeInt(((Enum<?>) v).ordinal()), in -> constants[in.getInt()]);
        } else if (c == Optional.class) {
            Codec item = codec(argument(type, 0));
            return leaf((out, v) -> {
                Optional<?> o = (Optional<?>) v;
                out.writeBoolean(o.isPresent());
                if (o.isPresent()) {
                    item.write(out, o.get());
                }
            }, in -> in.get() != 0 ? Optional.of(item.read(in)) : Optional.empty());
        } else if (c == List.class) {
            Codec item = codec(argument(type, 0));
            return leaf((out, v) -> {
                out.writeInt(((List<?>) v).size());
                for (Object o : (List<?>) v) {
                    item.write(out, o);
                }
            }, in -> {
                int size = count(in);
                List<Object> list = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    list.add(item.read(in));
                }
                return list;
            });
        } else if (c == Map.class) {
            Codec key = codec(argument(type, 0));
            Codec val = codec(argument(type, 1));
            return leaf((out, v) -> {
                out.writeInt(((Map<?, ?>) v).size());
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    key.write(out, e.getKey());
                    val.write(out, e.getValue());
                }
            }, in -> {
                int size = count(in);
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < size; i++) {
                    map.put(key.read(in), val.read(in));
                }
                return map;
            });
        } else if (c.isRecord()) {
            return new RecordCodec(c);
        } else if (c.isSealed()) {
            List<Class<?>> permitted = List.of(c.getPermittedSubclasses());
            return leaf((out, v) -> {
                out.writeInt(permitted.indexOf(v.getClass()));
                codec(v.getClass()).write(out, v);
            }, in -> codec(permitted.get(in.getInt())).read(in));
        }
        throw unsupported(c);
    }

    /** Writes one value. */
    private interface Writer {
        void write(DataOutputStream out, Object value) throws IOException;
    }

    /** Reads one value. */
    private interface Reader {
        Object read(ByteBuffer in);
    }

    /** A length or a number of items: never more than the bytes left, so bad bytes cannot ask for gigabytes. */
    private static int count(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("a count of " + n + " with " + in.remaining() + " bytes left");
        }
        return n;
    }

    private static Codec leaf(Writer writer, Reader reader) {
        return new Codec() {
            public void write(DataOutputStream out, Object value) throws IOException {
                writer.write(out, value);
            }

            public Object read(ByteBuffer in) {
                return reader.read(in);
            }
        };
    }

    /** A record, component by component, made again by its canonical constructor. */
    private static final class RecordCodec implements Codec {
        private final RecordComponent[] components;
        private final Constructor<?> constructor;
        private volatile Codec[] parts;

        RecordCodec(Class<?> record) {
            components = record.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
            }
            try {
                constructor = record.getDeclaredConstructor(types);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(record.getName() + " has no canonical constructor", e);
            }
        }

        /** The components' codecs, worked out on first use, since a record may hold its own type. */
        private Codec[] parts() {
            Codec[] known = parts;
            if (known == null) {
                known = new Codec[components.length];
                for (int i = 0; i < known.length; i++) {
                    known[i] = codec(components[i].getGenericType());
                }
                parts = known;
            }
            return known;
        }

        @Override
        public void write(DataOutputStream out, Object value) throws IOException {
            Codec[] codecs = parts();
            for (int i = 0; i < codecs.length; i++) {
                codecs[i].write(out, get(components[i], value));
            }
        }

        @Override
        public Object read(ByteBuffer in) {
            Codec[] codecs = parts();
            Object[] values = new Object[codecs.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = codecs[i].read(in);
            }
            try {
                return constructor.newInstance(values);
            } catch (InstantiationException | IllegalAccessException e) {
                throw new IllegalStateException("cannot make a " + constructor.getDeclaringClass().getName(), e);
            } catch (InvocationTargetException e) {
                throw new IllegalArgumentException(constructor.getDeclaringClass().getSimpleName() + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    private static Object get(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component + ": " + e, e);
        }
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private static Type argument(Type type, int index) {
        return ((ParameterizedType) type).getActualTypeArguments()[index];
    }

    private static IllegalStateException unsupported(Class<?> c) {
        return new IllegalStateException("the spec holds a " + c.getName() + ", which the codec does not know");
    }
}
