package io.decidr.devservices.cassandra;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** The throw-away data folders of ephemeral nodes: created in the system's temp folder under a recognisable name. */
final class TemporaryDataFolder {

    private static final String PREFIX = "decidr-cassandra-";

    private TemporaryDataFolder() {
    }

    static Path create() throws IOException {
        return Files.createTempDirectory(PREFIX).toRealPath();
    }

    /** Whether a folder is one that {@link #create()} made, so that deleting it can lose nothing of value. */
    static boolean isOne(Path folder) {
        Path temp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        Path absolute = folder.toAbsolutePath().normalize();
        return absolute.getFileName() != null && absolute.getFileName().toString().startsWith(PREFIX)
                && (temp.equals(absolute.getParent()) || realParentIs(absolute, temp));
    }

    static void delete(Path folder) throws IOException {
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // already gone
        }
    }

    private static boolean realParentIs(Path folder, Path temp) {
        try {
            return Files.exists(temp) && temp.toRealPath().equals(folder.getParent());
        } catch (IOException e) {
            return false;
        }
    }
}
