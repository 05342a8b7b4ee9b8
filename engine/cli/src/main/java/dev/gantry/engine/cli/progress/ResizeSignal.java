package dev.gantry.engine.cli.progress;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Calls back when the terminal is resized (SIGWINCH), through the JDK's {@code sun.misc.Signal}
 * (module jdk.unsupported), the one way a Java program hears that signal. It is reached by
 * reflection, as core reaches {@code sun.misc.Unsafe}, so the build names no internal API. Where
 * the signal cannot be heard the display keeps the size it found at the start.
 */
final class ResizeSignal {
    private ResizeSignal() {}

    static void onResize(Runnable action) {
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object signal = signalType.getConstructor(String.class).newInstance("WINCH");
            Object handler = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
                    (proxy, method, args) -> answer(proxy, method, args, action));
            signalType.getMethod("handle", signalType, handlerType).invoke(null, signal, handler);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // No such signal here (Windows), or the JDK does not offer the API: resizes go unheard.
        }
    }

    /** The handler: {@code handle(Signal)} runs the action; the methods of Object answer as for any object. */
    private static Object answer(Object proxy, Method method, Object[] args, Runnable action) {
        return switch (method.getName()) {
            case "handle" -> {
                action.run();
                yield null;
            }
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "terminal resize handler";
        };
    }
}
