/** JSON-like values as kubectl sends them to the API server: numbers keep their JSON text. */

/** A number as the JSON text the API server's decoder sees. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject

export type JsonObject = Map<string, JsonValue>
