// natural's per-file modules ship without declarations, and its index must not be loaded (it pulls in
// storage backends that read .env). This covers just the stemmer the topic rules use.
declare module 'natural/lib/natural/stemmers/porter_stemmer' {
  const PorterStemmer: {
    /** The Porter (1980) stem of one lower-case word: "delayed", "delays" and "delay" all give "delai". */
    stem(token: string): string;
  };
  export = PorterStemmer;
}
