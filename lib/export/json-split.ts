import { StringDecoder } from 'node:string_decoder';

export class JsonSplitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonSplitError';
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * Splits JSON text whose top level is an object into the text of one array member's elements and
 * the text of the rest (the "head", with that member's array left empty), as the text arrives in
 * chunks, so that a document with a list of a million elements is never one string. It only finds
 * the boundaries (strings, nesting, the separating commas): the head and each element are to be
 * read with JSON.parse, which checks everything else. A head or element longer than `maxText`
 * characters is refused, so that a forged file cannot make it hold one huge string.
 */
export class JsonArraySplitter {
  private readonly decoder = new StringDecoder('utf8');
  private head: string[] = [];
  private headLength = 0;
  private element: string[] = [];
  private elementLength = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The top-level member key being read, and the last one read. */
  private keyParts: string[] | undefined;
  private lastKey: string | undefined;
  /** After a top-level ":" of the wanted member, before its value starts. */
  private awaitingValue = false;
  /** Inside the wanted array: its elements are at depth 2. */
  private inArray = false;
  private sawArray = false;
  private elements = 0;
  private commaPending = false;

  constructor(
    private readonly member: string,
    private readonly onElement: (text: string) => void,
    private readonly maxText = 16 * 1024 * 1024,
  ) {}

  /** Whether the document had the member as an array. */
  get found(): boolean {
    return this.sawArray;
  }

  push(bytes: Buffer): void {
    this.scan(this.decoder.write(bytes));
  }

  /** Ends the text; returns the head, with the member's array empty. */
  end(): string {
    this.scan(this.decoder.end());
    if (this.inString || this.depth !== 0) throw new JsonSplitError('the text ends inside a string, object or array.');
    return this.head.join('');
  }

  private scan(text: string): void {
    let from = 0; // start of the run of text not yet given to the head or the element
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (this.keyParts !== undefined) {
            this.keyParts.push(text.slice(from, i));
            this.lastKey = this.keyParts.join('');
            this.keyParts = undefined;
            this.addHead(text, from, i + 1);
            from = i + 1;
          }
        }
        continue;
      }
      if (this.awaitingValue && !isSpace(c)) {
        this.awaitingValue = false;
        if (c === OPEN_BRACKET) {
          this.inArray = true;
          this.sawArray = true;
          this.depth++;
          // The head keeps the member with an empty array.
          this.addHead(text, from, i);
          this.addHead('[]', 0, 2);
          from = i + 1;
          continue;
        }
      }
      if (c === QUOTE) {
        this.inString = true;
        if (this.depth === 1 && !this.inArray) {
          // A string at the top level: a key (or a value, which is not compared with the member).
          this.addHead(text, from, i + 1);
          from = i + 1;
          this.keyParts = [];
        }
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (this.inArray && this.depth === 2) {
          if (c !== CLOSE_BRACKET) throw new JsonSplitError(`the ${this.member} array is closed by "}".`);
          this.addElement(text, from, i);
          this.endElement(true);
          this.inArray = false;
          this.depth--;
          from = i + 1;
          continue;
        }
        this.depth--;
        if (this.depth < 0) throw new JsonSplitError('a "}" or "]" closes nothing.');
      } else if (c === COMMA && this.inArray && this.depth === 2) {
        this.addElement(text, from, i);
        this.endElement(false);
        from = i + 1;
      } else if (c === COLON && this.depth === 1 && !this.inArray) {
        this.awaitingValue = this.lastKey === this.member;
      }
    }
    if (this.inArray) this.addElement(text, from, text.length);
    else {
      // A key cut by the chunk's end is in the head already; its parts make its name.
      if (this.inString && this.keyParts !== undefined) this.keyParts.push(text.slice(from));
      this.addHead(text, from, text.length);
    }
  }

  private addHead(text: string, from: number, to: number): void {
    if (to <= from) return;
    this.headLength += to - from;
    if (this.headLength > this.maxText)
      throw new JsonSplitError(`the text outside the ${this.member} array is over ${this.maxText} characters.`);
    this.head.push(text.slice(from, to));
  }

  private addElement(text: string, from: number, to: number): void {
    if (to <= from) return;
    this.elementLength += to - from;
    if (this.elementLength > this.maxText) throw new JsonSplitError(`an element of ${this.member} is over ${this.maxText} characters.`);
    this.element.push(text.slice(from, to));
  }

  /** Gives the element read so far; at the closing bracket, an empty "element" is only allowed for an empty array. */
  private endElement(closing: boolean): void {
    const text = this.element.join('');
    this.element = [];
    this.elementLength = 0;
    if (closing && text.trim() === '' && this.elements === 0 && !this.commaPending) return;
    this.elements++;
    this.commaPending = !closing;
    // An empty element (a stray comma) reaches JSON.parse, which refuses it.
    this.onElement(text);
  }
}
