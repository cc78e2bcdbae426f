package dev.sextant.server.domain;

import java.util.List;

/** The direct children of a folder: its files and its immediate sub-folders, each sorted by path. */
public record ArtifactListing(String prefix, List<ArtifactFile> files, List<ArtifactFolder> folders) {
    public ArtifactListing {
        files = List.copyOf(files);
        folders = List.copyOf(folders);
    }
}
