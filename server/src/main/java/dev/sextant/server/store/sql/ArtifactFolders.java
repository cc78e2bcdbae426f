package dev.sextant.server.store.sql;

import dev.sextant.server.domain.ArtifactFile;
import dev.sextant.server.domain.ArtifactFolder;
import dev.sextant.server.domain.ArtifactListing;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Derives one folder level (files and immediate sub-folders) from the sorted file paths under it. */
final class ArtifactFolders {
    private ArtifactFolders() {}

    static ArtifactListing listing(String folder, List<ArtifactFile> filesUnder) {
        int start = folder.isEmpty() ? 0 : folder.length() + 1;
        var files = new ArrayList<ArtifactFile>();
        var folders = new TreeMap<String, long[]>();
        for (var file : filesUnder) {
            int slash = file.path().indexOf('/', start);
            if (slash < 0) {
                files.add(file);
            } else {
                var totals = folders.computeIfAbsent(file.path().substring(0, slash), key -> new long[2]);
                totals[0]++;
                totals[1] += file.sizeBytes();
            }
        }
        var folderList = folders.entrySet().stream()
                .map(entry -> new ArtifactFolder(entry.getKey(), entry.getValue()[0], entry.getValue()[1]))
                .toList();
        return new ArtifactListing(folder, files, folderList);
    }
}
