/**
 * Checks of a message's `content` (docs/dataset.md): presence by role, string or array of
 * parts, the part types each role allows, text parts, the refusal part, and images (delegated to
 * {@link checkImagePart}).
 *
 * @module
 */
import { checkImagePart } from './check-image-part.js';
import type { ExampleScope } from './example-scope.js';
import { childPath, describeValue, isJsonObject, ownEntry, withArticle } from './issue-draft.js';

/** What the content of one message holds, for the structure checks and features. */
export interface ContentFacts {
  /** The text (a string, or text parts joined with newlines); `null` when there is none. */
  readonly text: string | null;
  /** Image parts in the content. */
  readonly images: number;
  /** The text of a refusal part, when the content is one. */
  readonly refusal: string | null;
}

const NO_CONTENT: ContentFacts = { text: null, images: 0, refusal: null };
/** Part types the spec defines for user input but fine-tuning rejects. */
const UNSUPPORTED_PART_HINTS: Readonly<Record<string, string>> = {
  input_audio: 'audio input is not supported in fine-tuning data',
  file: 'file parts are not supported in fine-tuning data',
  input_text: "'input_text' is the Responses API name; use 'text'",
  input_image: "'input_image' is the Responses API name; use 'image_url'",
  output_text: "'output_text' is the Responses API name; use 'text'",
  image: "use {'type': 'image_url', 'image_url': {'url': …}}",
};

/**
 * Checks `message.content` for a message of a known role.
 *
 * @param message - The message object.
 * @param role - Its role (`system`, `developer`, `user`, `assistant`, `tool` or `function`).
 * @param path - Path of the message, e.g. `messages[3]`.
 * @param messageIndex - Index of the message.
 * @param scope - The example's scope.
 * @param hasCalls - True when an assistant message carries `tool_calls` or `function_call`, so it may omit content.
 * @returns The text, images and refusal found.
 */
export function checkMessageContent(
  message: Record<string, unknown>,
  role: string,
  path: string,
  messageIndex: number | undefined,
  scope: ExampleScope,
  hasCalls: boolean,
): ContentFacts {
  const content = message.content;
  const isAssistant = role === 'assistant';
  if (typeof content === 'string') {
    // The usual case, with no path built unless there is an issue (this runs for every message).
    if (!NOT_WHITESPACE.test(content) && !(isAssistant && hasCalls))
      reportEmpty(role, childPath(path, 'content'), messageIndex, scope, hasCalls);
    return { text: content, images: 0, refusal: null };
  }
  const contentPath = childPath(path, 'content');
  const at = { path: contentPath, messageIndex };
  const present = Object.hasOwn(message, 'content');

  if (!present || content === null) {
    if (isAssistant) {
      if (!hasCalls) {
        const refusalHint =
          typeof message.refusal === 'string'
            ? "; to train a refusal, use content [{'type': 'refusal', 'refusal': …}]"
            : '';
        scope.add(
          'invalid_assistant_content',
          `${contentPath}: the assistant message has no content and no tool_calls or function_call, so there is nothing to train on${refusalHint}.`,
          at,
        );
      }
    } else if (!(role === 'function' && present)) {
      scope.add('missing_content', `${path}: the ${role} message has ${present ? 'null' : 'no'} content.`, {
        path: present ? contentPath : path,
        messageIndex,
      });
    }
    return NO_CONTENT;
  }

  if (!Array.isArray(content) || role === 'function') {
    const expected = role === 'function' ? 'a string' : 'a string or an array of content parts';
    const code = isAssistant ? 'invalid_assistant_content' : 'invalid_content_type';
    scope.add(code, `${contentPath}: must be ${expected}, got ${describeValue(content)}.`, at);
    return NO_CONTENT;
  }

  if (content.length === 0) {
    const code = isAssistant ? 'invalid_assistant_content' : 'invalid_content_type';
    scope.add(code, `${contentPath}: an empty array of parts; give at least one part or a string.`, at);
    return NO_CONTENT;
  }
  return checkParts(content, role, contentPath, messageIndex, scope, hasCalls);
}

/** Any character `String#trim` keeps (`\s` is the same set): found without copying the text. */
const NOT_WHITESPACE = /\S/;

function reportEmpty(
  role: string,
  path: string,
  messageIndex: number | undefined,
  scope: ExampleScope,
  hasCalls: boolean,
): void {
  const isAnswer = role === 'assistant' && !hasCalls;
  scope.add(
    'empty_content',
    isAnswer
      ? `${path}: the assistant answer is empty; the model would learn to answer nothing.`
      : `${path}: the ${role} message content is empty or whitespace only.`,
    isAnswer ? { path, messageIndex, severity: 'error' } : { path, messageIndex },
  );
}

function checkParts(
  parts: readonly unknown[],
  role: string,
  path: string,
  messageIndex: number | undefined,
  scope: ExampleScope,
  hasCalls: boolean,
): ContentFacts {
  const texts: string[] = [];
  let images = 0;
  let refusalParts = 0;
  let refusal: string | null = null;
  let nonEmptyText = false;
  const isAssistant = role === 'assistant';

  parts.forEach((part, partIndex) => {
    const partPath = childPath(path, partIndex);
    const at = { path: partPath, messageIndex };
    if (!isJsonObject(part) || typeof part.type !== 'string') {
      const got = isJsonObject(part) ? `a part without a string 'type'` : describeValue(part);
      scope.add(
        'invalid_content_type',
        `${partPath}: each content part must be an object with a 'type', got ${got}.`,
        at,
      );
      return;
    }
    switch (part.type) {
      case 'text': {
        if (typeof part.text !== 'string') {
          scope.add(
            'invalid_text_part',
            `${partPath}: a text part needs a string 'text', got ${describeValue(part.text)}.`,
            {
              path: childPath(partPath, 'text'),
              messageIndex,
            },
          );
          return;
        }
        texts.push(part.text);
        if (part.text.trim() !== '') nonEmptyText = true;
        return;
      }
      case 'image_url': {
        images++;
        scope.images++;
        if (scope.format === 'preference') {
          scope.add(
            'preference_images_not_supported',
            `${partPath}: preference (DPO) data is text only; remove the image.`,
            at,
          );
          return;
        }
        if (scope.firstImagePath === null) scope.firstImagePath = partPath;
        if (role !== 'user') {
          scope.add(
            'image_not_in_user_message',
            `${partPath}: images are only allowed in user messages, not in ${withArticle(role)} message.`,
            at,
          );
          return;
        }
        checkImagePart(part, partPath, messageIndex, scope);
        return;
      }
      case 'refusal': {
        if (!isAssistant) {
          scope.add(
            'invalid_content_type',
            `${partPath}: refusal parts are only allowed in assistant messages.`,
            at,
          );
          return;
        }
        refusalParts++;
        if (typeof part.refusal !== 'string') {
          scope.add(
            'invalid_assistant_content',
            `${partPath}: a refusal part needs a string 'refusal', got ${describeValue(part.refusal)}.`,
            { path: childPath(partPath, 'refusal'), messageIndex },
          );
          return;
        }
        refusal = part.refusal;
        return;
      }
      default: {
        const hint = ownEntry(UNSUPPORTED_PART_HINTS, part.type);
        const allowed = isAssistant
          ? "'text' or 'refusal'"
          : role === 'user'
            ? "'text' or 'image_url'"
            : "'text'";
        scope.add(
          'unsupported_content_part',
          `${partPath}: part type '${part.type}' is not supported in ${withArticle(role)} message (use ${allowed})${hint ? `; ${hint}` : ''}.`,
          at,
        );
      }
    }
  });

  if (isAssistant && refusalParts > 0 && (refusalParts > 1 || texts.length > 0)) {
    scope.add(
      'invalid_assistant_content',
      `${path}: assistant content must be text parts or exactly one refusal part, got ${refusalParts} refusal and ${texts.length} text parts.`,
      { path, messageIndex },
    );
  }
  if (!nonEmptyText && images === 0 && refusalParts === 0 && texts.length > 0) {
    if (!(isAssistant && hasCalls)) reportEmpty(role, path, messageIndex, scope, hasCalls);
  }
  return { text: texts.length > 0 ? texts.join('\n') : null, images, refusal };
}
