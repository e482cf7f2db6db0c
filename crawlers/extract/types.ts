// The ExtractResult contract (fields may be added, never renamed). Every URL is absolute.

export type PageKind = 'detail' | 'listing' | 'telegram' | 'unknown';

export interface ListingItem {
  url: string;
  title: string;
  poster: string | null;
  year?: string | null;
  /** torrent file of this row (tracker search results) */
  torrent?: string | null;
}

export interface TelegramMessage {
  url: string;
  text: string;
  photos: string[];
  videos: string[];
  links: string[];
  views: string | null;
  date: string | null;
  forwardedFrom: string | null;
  forwardedFromUrl: string | null;
  linkPreviewUrl: string | null;
  linkPreviewVideos: string[];
  videoThumbs: string[];
  hasDocument: boolean;
  hasVoice: boolean;
  hasPoll: boolean;
  /** the channel's subscriber count as its preview page's header shows it ("15.3K"), when the page has one */
  channelSubscribers?: string | null;
}

export interface ExtractResult {
  kind: PageKind;
  title: string | null;
  originalTitle: string | null;
  year: string | null;
  externalIds: { kinopoisk: string | null; imdb: string | null };
  posters: string[];
  /** iframe/embed players, including ones created by inline JS (not JS comments) */
  players: string[];
  /** direct media: .m3u8 / .mp4 / .mpd */
  streams: string[];
  /** magnet URIs as written */
  magnets: string[];
  torrents: string[];
  items: ListingItem[];
  messages: TelegramMessage[];
  // ---- additions beyond the contract ----
  /** lower-case hex BitTorrent info-hashes of `magnets` */
  infoHashes: string[];
  /** trailer embeds (kept apart from players) */
  trailers: string[];
  /** next-page / older-messages URLs */
  pagination: string[];
  /** which profiles matched, e.g. ['dle', 'balancer'] */
  profiles: string[];
  description: string | null;
}

export function emptyResult(): ExtractResult {
  return {
    kind: 'unknown',
    title: null,
    originalTitle: null,
    year: null,
    externalIds: { kinopoisk: null, imdb: null },
    posters: [],
    players: [],
    streams: [],
    magnets: [],
    torrents: [],
    items: [],
    messages: [],
    infoHashes: [],
    trailers: [],
    pagination: [],
    profiles: [],
    description: null,
  };
}
