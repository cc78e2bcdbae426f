package dev.sextant.server.domain;

/**
 * One page of results that are read a slice at a time while {@code items} is iterated (once), so that a page of
 * thousands written to a slow client holds one slice in the heap, not the page; nextPageToken is null on the last
 * page.
 */
public record SlicedPage<T>(Iterable<T> items, String nextPageToken) {}
