/**
 * One failing and one passing case (at least) for every per-example issue code: the table that
 * `analyze-example.test.ts` runs. Each failing case names the path the issue must point at.
 */
import type { DatasetIssueCode, IssueSeverity } from '../../../src/dataset/issue-codes.js';
import type { AnalyzeContext } from '../../../src/dataset/types.js';
import { resolveModel } from '../../../src/models/index.js';
import { dataUrl, GIF_BASE64, jpegBytes, pngBytes, WEBP_BASE64 } from '../../fixtures/dataset/images.js';
import {
  assistant,
  callMessage,
  chat,
  modelWithLimit,
  system,
  toolChat,
  toolMessage,
  user,
  weatherTool,
} from '../helpers/analyze.js';

/** One line and what must (or must not) be reported for it. */
export interface CodeCase {
  readonly name: string;
  readonly line: unknown;
  readonly context?: Partial<AnalyzeContext>;
  /** Count tokens (needed by the limit checks). */
  readonly tokens?: boolean;
  /** The path the issue points at (failing cases). */
  readonly path?: string;
  /** The severity override the issue carries (failing cases); `undefined` = no override. */
  readonly severity?: IssueSeverity;
  /** A fragment the message must contain (failing cases). */
  readonly message?: RegExp;
}

export interface CodeCases {
  readonly fail: readonly CodeCase[];
  readonly pass: readonly CodeCase[];
}

const supervised = { method: 'supervised' } as const;
const reinforcement = { method: 'reinforcement' } as const;
const rgbPng = dataUrl('image/png', pngBytes({ width: 4, height: 4, colorType: 2 }));
const imagePart = (url = rgbPng, detail?: unknown) => ({
  type: 'image_url',
  image_url: detail === undefined ? { url } : { url, detail },
});
const vision = (parts: readonly unknown[], extraUser: Record<string, unknown> = {}) =>
  chat([
    system,
    { role: 'user', content: [{ type: 'text', text: 'What is in this picture?' }, ...parts], ...extraUser },
    assistant('A red square.'),
  ]);
const visionModel = { model: resolveModel('gpt-4o-2024-08-06') };
const preference = (overrides: Record<string, unknown> = {}) => ({
  input: { messages: [system, user('Say hi')] },
  preferred_output: [assistant('Hello! How can I help you today?')],
  non_preferred_output: [assistant('What.')],
  ...overrides,
});
const rft = (messages: readonly unknown[], extra: Record<string, unknown> = { reference_answer: '4' }) => ({
  messages,
  ...extra,
});
const developer = { role: 'developer', content: 'Answer with a number only.' };
const bigBase64Png = (bytes: number) => {
  const image = new Uint8Array(bytes);
  image.set(pngBytes({ width: 2, height: 2, colorType: 6 }));
  return dataUrl('image/png', image);
};

export const CODE_CASES: Partial<Record<DatasetIssueCode, CodeCases>> = {
  // §3.1 (the per-example part)
  not_an_object: {
    fail: [
      { name: 'a number', line: 42 },
      { name: 'an array', line: [chat()] },
      { name: 'null', line: null },
    ],
    pass: [{ name: 'an object', line: chat() }],
  },
  unknown_format: {
    fail: [
      { name: 'plain text line', line: { text: 'Once upon a time' }, message: /plain-text/ },
      {
        name: 'ShareGPT line',
        line: { conversations: [{ from: 'human', value: 'hi' }] },
        message: /ShareGPT/,
      },
      { name: 'Alpaca line', line: { instruction: 'Add', input: '2 2', output: '4' }, message: /Alpaca/ },
      { name: 'empty object', line: {}, message: /the object is empty/ },
    ],
    pass: [{ name: 'chat', line: chat() }],
  },
  ambiguous_format: {
    fail: [
      {
        name: 'messages plus prompt/completion',
        line: { ...chat(), prompt: 'a', completion: 'b' },
        message: /chat \('messages'\) and prompt\/completion/,
      },
      {
        name: 'prompt/completion plus preference outputs',
        line: { prompt: 'a', completion: 'b', preferred_output: [assistant()] },
        context: supervised,
      },
    ],
    pass: [
      {
        name: 'reinforcement method: extra keys are grader fields',
        line: { ...chat(), prompt: 'a', completion: 'b' },
        context: reinforcement,
      },
      {
        name: 'TRL prompt with chosen/rejected is preference',
        line: { prompt: 'Say hi', chosen: 'Hi!', rejected: 'No.' },
      },
    ],
  },

  // §3.2 Structure
  missing_messages: {
    fail: [
      { name: 'messages is a string', line: { messages: 'Hello' }, path: 'messages' },
      { name: 'messages is null', line: { messages: null }, path: 'messages' },
    ],
    pass: [{ name: 'messages is an array', line: chat() }],
  },
  empty_messages: {
    fail: [{ name: 'messages is []', line: { messages: [] }, path: 'messages' }],
    pass: [{ name: 'one message', line: chat([user(), assistant()]) }],
  },
  unknown_example_key: {
    fail: [
      {
        name: 'top-level weight',
        line: chat(undefined, { weight: 1 }),
        path: 'weight',
        message: /contains an extra "weight"/,
      },
      { name: 'odd key', line: chat(undefined, { 'my key': 1 }), path: '["my key"]' },
    ],
    pass: [
      {
        name: 'tools and parallel_tool_calls',
        line: toolChat([{}], { tools: [weatherTool], parallel_tool_calls: true }),
      },
    ],
  },
  message_not_object: {
    fail: [{ name: 'a string message', line: chat(['Hello', assistant()]), path: 'messages[0]' }],
    pass: [{ name: 'object messages', line: chat() }],
  },
  missing_role: {
    fail: [
      {
        name: 'no role',
        line: chat([system, { content: 'Hi' }, assistant()]),
        path: 'messages[1]',
        message: /Discriminator 'role' is missing in value/,
      },
      {
        name: 'numeric role',
        line: chat([system, { role: 1, content: 'Hi' }, assistant()]),
        path: 'messages[1].role',
      },
    ],
    pass: [{ name: 'string roles', line: chat() }],
  },
  invalid_role: {
    fail: [
      {
        name: 'developer in SFT',
        line: chat([developer, user(), assistant()]),
        context: supervised,
        path: 'messages[0].role',
        message: /only allowed in reinforcement/,
      },
      {
        name: 'capitalised role',
        line: chat([system, { role: 'User', content: 'Hi' }, assistant()]),
        path: 'messages[1].role',
        message: /lower-case/,
      },
      {
        name: 'ShareGPT role name',
        line: chat([system, { role: 'human', content: 'Hi' }, assistant()]),
        message: /use 'user'/,
      },
    ],
    pass: [{ name: 'standard roles', line: chat() }],
  },
  deprecated_function_role: {
    fail: [
      {
        name: 'function message',
        line: chat(
          [
            system,
            user(),
            assistant(null, { function_call: { name: 'get_weather', arguments: '{"city":"Paris"}' } }),
            { role: 'function', name: 'get_weather', content: '21' },
            assistant('21 °C.'),
          ],
          { functions: [weatherTool.function] },
        ),
        path: 'messages[3].role',
      },
    ],
    pass: [{ name: 'tool message', line: toolChat() }],
  },
  unknown_message_key: {
    fail: [
      {
        name: "user with 'text'",
        line: chat([system, { role: 'user', text: 'Hi', content: 'Hi' }, assistant()]),
        path: 'messages[1].text',
        message: /use 'content'/,
      },
      {
        name: "tool with 'name'",
        line: {
          ...toolChat(),
          messages: [
            system,
            user(),
            callMessage([{}]),
            { ...toolMessage(), name: 'get_weather' },
            assistant(),
          ],
        },
        path: 'messages[3].name',
      },
      {
        name: 'assistant with reasoning_content',
        line: chat([system, user(), assistant('Paris.', { reasoning_content: 'think' })]),
        path: 'messages[2].reasoning_content',
      },
    ],
    pass: [
      {
        name: 'allowed keys',
        line: chat([system, { ...user(), name: 'alice' }, assistant('Paris.', { weight: 1, refusal: null })]),
      },
    ],
  },
  missing_assistant_message: {
    fail: [
      { name: 'system and user only', line: chat([system, user()]), context: supervised, path: 'messages' },
    ],
    pass: [{ name: 'has an assistant', line: chat() }],
  },
  last_message_not_assistant: {
    fail: [
      {
        name: 'ends with a user turn',
        line: chat([system, user(), assistant(), user('Thanks!')]),
        path: 'messages[3]',
      },
    ],
    pass: [{ name: 'ends with assistant', line: chat() }],
  },
  missing_system_message: {
    fail: [{ name: 'no system', line: chat([user(), assistant()]), path: 'messages' }],
    pass: [{ name: 'system first', line: chat() }],
  },
  missing_user_message: {
    fail: [{ name: 'system and assistant', line: chat([system, assistant()]), path: 'messages' }],
    pass: [{ name: 'has a user', line: chat() }],
  },
  system_message_position: {
    fail: [
      { name: 'system second', line: chat([user(), system, assistant()]), path: 'messages[1]' },
      {
        name: 'two systems',
        line: chat([system, system, user(), assistant()]),
        path: 'messages[1]',
        message: /second system/,
      },
    ],
    pass: [{ name: 'one system first', line: chat() }],
  },
  invalid_role_order: {
    fail: [
      {
        name: 'two user turns',
        line: chat([system, user(), user('And Spain?'), assistant()]),
        path: 'messages[2]',
        message: /two user messages in a row/,
      },
      {
        name: 'tool after user',
        line: chat([system, user(), toolMessage(), assistant()]),
        path: 'messages[2]',
        message: /Unexpected role 'tool' after role 'user'/,
      },
      { name: 'starts with tool', line: chat([toolMessage(), user(), assistant()]), path: 'messages[0]' },
    ],
    pass: [
      {
        name: 'parallel tool responses',
        line: toolChat([{ id: 'call_1' }, { id: 'call_2', arguments: '{"city":"Rome"}' }]),
      },
    ],
  },
  invalid_weight: {
    fail: [
      {
        name: 'weight 2',
        line: chat([system, user(), assistant('Paris.', { weight: 2 })]),
        path: 'messages[2].weight',
        message: /either 0 or 1/,
      },
      {
        name: 'weight true',
        line: chat([system, user(), assistant('Paris.', { weight: true })]),
        path: 'messages[2].weight',
      },
      {
        name: 'weight 0.5',
        line: chat([system, user(), assistant('Paris.', { weight: 0.5 })]),
        message: /must be an integer/,
      },
    ],
    pass: [
      {
        name: 'weights 0 and 1',
        line: chat([
          system,
          user(),
          assistant('Yo.', { weight: 0 }),
          user('Again'),
          assistant('Hello!', { weight: 1 }),
        ]),
      },
    ],
  },
  weight_on_non_assistant: {
    fail: [
      {
        name: 'weight on user',
        line: chat([system, { ...user(), weight: 0 }, assistant()]),
        path: 'messages[1].weight',
      },
    ],
    pass: [{ name: 'weight on assistant', line: chat([system, user(), assistant('Paris.', { weight: 1 })]) }],
  },
  no_trainable_messages: {
    fail: [
      {
        name: 'all weight 0',
        line: chat([system, user(), assistant('Paris.', { weight: 0 })]),
        path: 'messages',
      },
    ],
    pass: [
      {
        name: 'one trained',
        line: chat([system, user(), assistant('Yo.', { weight: 0 }), user('Again'), assistant('Hello!')]),
      },
    ],
  },

  // §3.3 Content
  missing_content: {
    fail: [
      {
        name: 'user without content',
        line: chat([system, { role: 'user' }, assistant()]),
        path: 'messages[1]',
      },
      {
        name: 'system content null',
        line: chat([{ role: 'system', content: null }, user(), assistant()]),
        path: 'messages[0].content',
      },
      {
        name: 'tool without content',
        line: {
          ...toolChat(),
          messages: [
            system,
            user(),
            callMessage([{}]),
            { role: 'tool', tool_call_id: 'call_1' },
            assistant(),
          ],
        },
        path: 'messages[3]',
      },
    ],
    pass: [{ name: 'assistant with tool calls and no content', line: toolChat() }],
  },
  invalid_content_type: {
    fail: [
      { name: 'numeric content', line: chat([system, user(42), assistant()]), path: 'messages[1].content' },
      {
        name: 'object content',
        line: chat([system, user({ text: 'Hi' }), assistant()]),
        path: 'messages[1].content',
      },
      {
        name: 'part without type',
        line: chat([system, user([{ text: 'Hi' }]), assistant()]),
        path: 'messages[1].content[0]',
      },
      { name: 'empty parts array', line: chat([system, user([]), assistant()]), path: 'messages[1].content' },
      {
        name: 'refusal part in a user message',
        line: chat([system, user([{ type: 'refusal', refusal: 'no' }]), assistant()]),
        path: 'messages[1].content[0]',
      },
    ],
    pass: [
      {
        name: 'text parts',
        line: chat([
          system,
          user([
            { type: 'text', text: 'Hi' },
            { type: 'text', text: 'there' },
          ]),
          assistant(),
        ]),
      },
    ],
  },
  empty_content: {
    fail: [
      {
        name: 'whitespace user',
        line: chat([system, user('   '), assistant()]),
        path: 'messages[1].content',
      },
      {
        name: 'empty answer',
        line: chat([system, user(), assistant('')]),
        path: 'messages[2].content',
        severity: 'error',
      },
      {
        name: 'empty text parts',
        line: chat([system, user([{ type: 'text', text: '' }]), assistant()]),
        path: 'messages[1].content',
      },
    ],
    pass: [
      {
        name: 'empty content beside tool calls',
        line: {
          ...toolChat(),
          messages: [system, user(), { ...callMessage([{}]), content: '' }, toolMessage(), assistant()],
        },
      },
    ],
  },
  invalid_assistant_content: {
    fail: [
      {
        name: 'no content, no calls',
        line: chat([system, user(), { role: 'assistant' }]),
        path: 'messages[2].content',
      },
      {
        name: 'refusal key only',
        line: chat([system, user(), { role: 'assistant', refusal: 'No.' }]),
        message: /type': 'refusal'/,
      },
      {
        name: 'refusal mixed with text',
        line: chat([
          system,
          user(),
          assistant([
            { type: 'refusal', refusal: 'No.' },
            { type: 'text', text: 'Well…' },
          ]),
        ]),
        path: 'messages[2].content',
      },
      { name: 'numeric content', line: chat([system, user(), assistant(5)]), path: 'messages[2].content' },
      { name: 'empty parts', line: chat([system, user(), assistant([])]), path: 'messages[2].content' },
      {
        name: 'refusal not a string',
        line: chat([system, user(), assistant('Paris.', { refusal: 5 })]),
        path: 'messages[2].refusal',
      },
    ],
    pass: [
      {
        name: 'one refusal part',
        line: chat([system, user(), assistant([{ type: 'refusal', refusal: 'I cannot help with that.' }])]),
      },
      { name: 'text parts', line: chat([system, user(), assistant([{ type: 'text', text: 'Paris.' }])]) },
    ],
  },
  unsupported_content_part: {
    fail: [
      {
        name: 'input_audio',
        line: chat([
          system,
          user([{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }]),
          assistant(),
        ]),
        path: 'messages[1].content[0]',
      },
      {
        name: 'Responses API input_text',
        line: chat([system, user([{ type: 'input_text', text: 'Hi' }]), assistant()]),
        message: /use 'text'/,
      },
    ],
    pass: [{ name: 'text and image', line: vision([imagePart()]), context: visionModel }],
  },
  invalid_text_part: {
    fail: [
      {
        name: 'text is a number',
        line: chat([system, user([{ type: 'text', text: 5 }]), assistant()]),
        path: 'messages[1].content[0].text',
      },
    ],
    pass: [
      { name: 'text is a string', line: chat([system, user([{ type: 'text', text: '5' }]), assistant()]) },
    ],
  },
  image_not_in_user_message: {
    fail: [
      {
        name: 'image in assistant',
        line: chat([system, user(), assistant([imagePart()])]),
        path: 'messages[2].content[0]',
      },
      {
        name: 'image in system',
        line: chat([{ role: 'system', content: [imagePart()] }, user(), assistant()]),
        path: 'messages[0].content[0]',
      },
    ],
    pass: [{ name: 'image in user', line: vision([imagePart()]), context: visionModel }],
  },
  invalid_image_url: {
    fail: [
      {
        name: 'ftp URL',
        line: vision([imagePart('ftp://example.com/cat.png')]),
        path: 'messages[1].content[1].image_url.url',
      },
      {
        name: 'image_url is a string',
        line: vision([{ type: 'image_url', image_url: 'https://example.com/cat.png' }]),
        path: 'messages[1].content[1].image_url',
        message: /wrap it/,
      },
      {
        name: 'bad detail',
        line: vision([imagePart(rgbPng, 'medium')]),
        path: 'messages[1].content[1].image_url.detail',
      },
      {
        name: 'image/jpg media type',
        line: vision([imagePart(dataUrl('image/jpg', jpegBytes({ width: 8, height: 8 })))]),
        message: /write 'image\/jpeg'/,
      },
      {
        name: 'GIF media type',
        line: vision([imagePart(dataUrl('image/gif', GIF_BASE64))]),
        message: /not image\/jpeg, image\/png or image\/webp/,
      },
      {
        name: 'broken base64',
        line: vision([imagePart('data:image/png;base64,iVBOR$$w0KGgo=')]),
        message: /invalid base64 character/,
      },
      {
        name: 'not base64',
        line: vision([imagePart('data:image/png,abc')]),
        message: /must be base64-encoded/,
      },
      { name: 'relative path', line: vision([imagePart('images/cat.png')]) },
      { name: 'URL without host', line: vision([imagePart('https://')]), message: /not a valid URL/ },
    ],
    pass: [
      {
        name: 'https URL',
        line: vision([imagePart('https://example.com/cat.png', 'low')]),
        context: visionModel,
      },
      { name: 'PNG data URL', line: vision([imagePart(rgbPng, 'high')]), context: visionModel },
    ],
  },
  image_too_large: {
    fail: [
      {
        name: '11 MiB',
        line: vision([imagePart(bigBase64Png(11 * 1024 * 1024))]),
        path: 'messages[1].content[1].image_url.url',
      },
      {
        name: '10.2 MB (decimal) is a warning',
        line: vision([imagePart(bigBase64Png(10_200_000))]),
        severity: 'warning',
      },
    ],
    pass: [{ name: '9 MB', line: vision([imagePart(bigBase64Png(9_000_000))]) }],
  },
  invalid_image_format: {
    fail: [
      {
        name: 'grayscale PNG',
        line: vision([imagePart(dataUrl('image/png', pngBytes({ width: 2, height: 2, colorType: 0 })))]),
        message: /grayscale mode \(L\)/,
      },
      {
        name: 'palette PNG',
        line: vision([imagePart(dataUrl('image/png', pngBytes({ width: 2, height: 2, colorType: 3 })))]),
        message: /palette/,
      },
      {
        name: 'CMYK JPEG',
        line: vision([imagePart(dataUrl('image/jpeg', jpegBytes({ width: 8, height: 8, components: 4 })))]),
        message: /CMYK/,
      },
      {
        name: 'GIF bytes declared as PNG',
        line: vision([imagePart(dataUrl('image/png', GIF_BASE64))]),
        message: /GIF/,
      },
      {
        name: 'SVG bytes',
        line: vision([imagePart(dataUrl('image/png', new TextEncoder().encode('<svg/>')))]),
        message: /not a JPEG, PNG or WEBP/,
      },
      {
        name: 'JPEG declared as PNG',
        line: vision([imagePart(dataUrl('image/png', jpegBytes({ width: 8, height: 8 })))]),
        severity: 'warning',
        message: /declared as image\/png but the bytes are JPEG/,
      },
      {
        name: 'truncated header',
        line: vision([imagePart(dataUrl('image/png', pngBytes({ width: 2, height: 2 }).slice(0, 20)))]),
        message: /truncated or corrupt/,
      },
    ],
    pass: [
      { name: 'RGB PNG', line: vision([imagePart()]) },
      {
        name: 'RGB JPEG',
        line: vision([imagePart(dataUrl('image/jpeg', jpegBytes({ width: 16, height: 16 })))]),
      },
      { name: 'RGBA WEBP', line: vision([imagePart(dataUrl('image/webp', WEBP_BASE64.alpha))]) },
      { name: 'RGB lossy WEBP', line: vision([imagePart(dataUrl('image/webp', WEBP_BASE64.lossy))]) },
    ],
  },
  too_many_images: {
    fail: [
      {
        name: '11 images',
        line: vision(Array.from({ length: 11 }, () => imagePart())),
        path: 'messages[1].content[1]',
      },
    ],
    pass: [{ name: '10 images', line: vision(Array.from({ length: 10 }, () => imagePart())) }],
  },
  images_not_supported: {
    fail: [
      {
        name: 'image for gpt-4o-mini',
        line: vision([imagePart()]),
        context: { model: resolveModel('gpt-4o-mini') },
        message: /gpt-4o-mini-2024-07-18 has no vision/,
      },
    ],
    pass: [
      { name: 'image for gpt-4o', line: vision([imagePart()]), context: visionModel },
      { name: 'no model given', line: vision([imagePart()]) },
      { name: 'text for gpt-4o-mini', line: chat(), context: { model: resolveModel('gpt-4o-mini') } },
    ],
  },
  image_may_be_skipped: {
    fail: [
      {
        name: 'remote URL',
        line: vision([imagePart('https://example.com/cat.jpg')]),
        path: 'messages[1].content[1].image_url.url',
      },
    ],
    pass: [{ name: 'data URL', line: vision([imagePart()]) }],
  },
  weighted_image_message: {
    fail: [
      { name: 'user image with weight 1', line: vision([imagePart()], { weight: 1 }), path: 'messages[1]' },
    ],
    pass: [{ name: 'user image without weight', line: vision([imagePart()]) }],
  },
  invalid_name: {
    fail: [
      {
        name: 'numeric name',
        line: chat([system, { ...user(), name: 7 }, assistant()]),
        path: 'messages[1].name',
      },
      {
        name: 'function message without name',
        line: chat([
          system,
          user(),
          assistant(null, { function_call: { name: 'get_weather', arguments: '{}' } }),
          { role: 'function', content: '21' },
          assistant('21.'),
        ]),
        path: 'messages[3]',
      },
    ],
    pass: [{ name: 'string name', line: chat([system, { ...user(), name: 'alice_42' }, assistant()]) }],
  },

  // §3.4 Tools
  invalid_tools: {
    fail: [
      { name: 'tools is an object', line: toolChat([{}], { tools: { get_weather: {} } }), path: 'tools' },
      {
        name: 'flat definition',
        line: toolChat([{}], { tools: [weatherTool.function] }),
        path: 'tools[0]',
        message: /wrap it/,
      },
      { name: 'empty tools', line: chat(undefined, { tools: [] }), path: 'tools' },
      {
        name: 'wrong type',
        line: toolChat([{}], { tools: [{ ...weatherTool, type: 'retrieval' }] }),
        path: 'tools[0].type',
      },
      {
        name: 'Anthropic input_schema',
        line: toolChat([{}], {
          tools: [{ type: 'function', function: { name: 'get_weather', input_schema: {} } }],
        }),
        message: /Anthropic/,
      },
      {
        name: 'name missing',
        line: chat(undefined, { tools: [{ type: 'function', function: { description: 'x' } }] }),
        path: 'tools[0].function.name',
      },
      { name: 'functions not an array', line: chat(undefined, { functions: {} }), path: 'functions' },
    ],
    pass: [{ name: 'valid tools', line: toolChat() }],
  },
  invalid_function_name: {
    fail: [
      {
        name: 'space in tool name',
        line: chat(undefined, { tools: [{ type: 'function', function: { name: 'get weather' } }] }),
        path: 'tools[0].function.name',
      },
      {
        name: 'dot in call name',
        line: toolChat([{ name: 'weather.get' }]),
        path: 'messages[2].tool_calls[0].function.name',
      },
      {
        name: '65 characters',
        line: chat(undefined, { tools: [{ type: 'function', function: { name: 'a'.repeat(65) } }] }),
      },
    ],
    pass: [
      {
        name: '64 characters, dash and underscore',
        line: chat(undefined, {
          tools: [{ type: 'function', function: { name: `get-${'a'.repeat(56)}_now` } }],
        }),
      },
    ],
  },
  invalid_tool_parameters: {
    fail: [
      {
        name: 'parameters is a string',
        line: chat(undefined, {
          tools: [{ type: 'function', function: { name: 'f', parameters: 'object' } }],
        }),
        path: 'tools[0].function.parameters',
      },
      {
        name: "type 'int' (schema warning)",
        line: chat(undefined, {
          tools: [
            {
              type: 'function',
              function: { name: 'f', parameters: { type: 'object', properties: { n: { type: 'int' } } } },
            },
          ],
        }),
        path: 'tools[0].function.parameters.properties.n.type',
        severity: 'warning',
        message: /use 'integer'/,
      },
      {
        name: 'strict not boolean',
        line: chat(undefined, { tools: [{ type: 'function', function: { name: 'f', strict: 'yes' } }] }),
        path: 'tools[0].function.strict',
      },
      {
        name: 'strict schema without additionalProperties false',
        line: chat(undefined, {
          tools: [
            {
              type: 'function',
              function: {
                name: 'f',
                strict: true,
                parameters: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
              },
            },
          ],
        }),
        path: 'tools[0].function.parameters.additionalProperties',
        severity: 'warning',
      },
      {
        name: 'top-level array schema',
        line: chat(undefined, {
          tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'array' } } }],
        }),
        path: 'tools[0].function.parameters.type',
        severity: 'warning',
      },
    ],
    pass: [
      { name: 'valid schema', line: toolChat() },
      {
        name: 'empty parameters object',
        line: chat(undefined, { tools: [{ type: 'function', function: { name: 'now', parameters: {} } }] }),
      },
    ],
  },
  duplicate_tool_name: {
    fail: [
      {
        name: 'same tool twice',
        line: toolChat([{}], { tools: [weatherTool, weatherTool] }),
        path: 'tools[1].function.name',
      },
    ],
    pass: [
      {
        name: 'distinct tools',
        line: toolChat([{}], { tools: [weatherTool, { type: 'function', function: { name: 'get_time' } }] }),
      },
    ],
  },
  invalid_tool_call: {
    fail: [
      {
        name: 'missing id',
        line: {
          ...toolChat(),
          messages: [
            system,
            user(),
            {
              role: 'assistant',
              tool_calls: [{ type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
            },
          ],
        },
        path: 'messages[2].tool_calls[0].id',
      },
      {
        name: "type 'tool'",
        line: {
          ...toolChat(),
          messages: [
            system,
            user(),
            {
              role: 'assistant',
              tool_calls: [
                { id: 'c', type: 'tool', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
              ],
            },
          ],
        },
        path: 'messages[2].tool_calls[0].type',
      },
      {
        name: 'arguments as object',
        line: toolChat([{ arguments: { city: 'Paris' } }]),
        path: 'messages[2].tool_calls[0].function.arguments',
        message: /JSON\.stringify/,
      },
      {
        name: 'empty tool_calls',
        line: {
          ...toolChat(),
          messages: [system, user(), { role: 'assistant', content: 'Hi', tool_calls: [] }],
        },
        path: 'messages[2].tool_calls',
      },
      {
        name: 'tool_calls not an array',
        line: {
          ...toolChat(),
          messages: [system, user(), { role: 'assistant', content: 'Hi', tool_calls: {} }],
        },
        path: 'messages[2].tool_calls',
      },
    ],
    pass: [{ name: 'valid call', line: toolChat() }],
  },
  tool_call_arguments_not_json: {
    fail: [
      {
        name: 'unquoted keys',
        line: toolChat([{ arguments: '{city: Paris}' }]),
        path: 'messages[2].tool_calls[0].function.arguments',
      },
      {
        name: 'a JSON string',
        line: toolChat([{ arguments: '"Paris"' }]),
        message: /must encode a JSON object/,
      },
    ],
    pass: [{ name: 'a JSON object', line: toolChat([{ arguments: '{"city":"Paris"}' }]) }],
  },
  unknown_tool_called: {
    fail: [
      {
        name: 'undeclared function',
        line: toolChat([{ name: 'get_time' }]),
        path: 'messages[2].tool_calls[0].function.name',
        message: /declared: get_weather/,
      },
    ],
    pass: [{ name: 'declared function', line: toolChat() }],
  },
  tool_call_arguments_schema_mismatch: {
    fail: [
      {
        name: 'number for a string',
        line: toolChat([{ arguments: '{"city":5}' }]),
        path: 'messages[2].tool_calls[0].function.arguments',
        message: /arguments\.city: expected string/,
      },
      {
        name: 'missing required',
        line: toolChat([{ arguments: '{"unit":"celsius"}' }]),
        message: /missing the required property 'city'/,
      },
      {
        name: 'enum mismatch',
        line: toolChat([{ arguments: '{"city":"Paris","unit":"kelvin"}' }]),
        message: /arguments\.unit: must be one of/,
      },
      {
        name: 'extra property',
        line: toolChat([{ arguments: '{"city":"Paris","country":"FR"}' }]),
        message: /unexpected property 'country'/,
      },
    ],
    pass: [
      { name: 'conforming arguments', line: toolChat([{ arguments: '{"city":"Paris","unit":"celsius"}' }]) },
    ],
  },
  invalid_tool_message: {
    fail: [
      {
        name: 'no tool_call_id',
        line: {
          ...toolChat(),
          messages: [system, user(), callMessage([{}]), { role: 'tool', content: '21' }, assistant()],
        },
        path: 'messages[3]',
      },
    ],
    pass: [{ name: 'with tool_call_id', line: toolChat() }],
  },
  unmatched_tool_call_id: {
    fail: [
      {
        name: 'unknown id',
        line: {
          ...toolChat(),
          messages: [system, user(), callMessage([{}]), toolMessage('call_9'), assistant()],
        },
        path: 'messages[3].tool_call_id',
      },
    ],
    pass: [{ name: 'matching id', line: toolChat() }],
  },
  duplicate_tool_call_id: {
    fail: [
      {
        name: 'two calls with one id',
        line: toolChat([{ id: 'call_1' }, { id: 'call_1' }]),
        path: 'messages[2].tool_calls[1].id',
      },
    ],
    pass: [{ name: 'distinct ids', line: toolChat([{ id: 'call_1' }, { id: 'call_2' }]) }],
  },
  tool_response_count_mismatch: {
    fail: [
      {
        name: 'two calls, one response',
        line: {
          ...toolChat(),
          messages: [system, user(), callMessage([{ id: 'a' }, { id: 'b' }]), toolMessage('a'), assistant()],
        },
        path: 'messages[2]',
        message: /unanswered: b/,
      },
      {
        name: 'response without a call',
        line: {
          ...toolChat(),
          messages: [system, user(), assistant('Let me check.'), toolMessage(), assistant()],
        },
        path: 'messages[3]',
      },
    ],
    pass: [
      { name: 'parallel calls answered', line: toolChat([{ id: 'a' }, { id: 'b' }]) },
      {
        name: 'example ends with the call',
        line: { ...toolChat(), messages: [system, user(), callMessage([{}])] },
      },
    ],
  },
  invalid_parallel_tool_calls: {
    fail: [
      {
        name: "'false' as a string",
        line: toolChat([{}], { tools: [weatherTool], parallel_tool_calls: 'false' }),
        path: 'parallel_tool_calls',
      },
    ],
    pass: [{ name: 'boolean', line: toolChat([{}], { tools: [weatherTool], parallel_tool_calls: false }) }],
  },
  parallel_calls_when_disabled: {
    fail: [
      {
        name: 'two calls while disabled',
        line: toolChat([{ id: 'a' }, { id: 'b' }], { tools: [weatherTool], parallel_tool_calls: false }),
        path: 'messages[2].tool_calls',
      },
    ],
    pass: [
      {
        name: 'two calls while enabled',
        line: toolChat([{ id: 'a' }, { id: 'b' }], { tools: [weatherTool], parallel_tool_calls: true }),
      },
    ],
  },
  deprecated_functions: {
    fail: [
      {
        name: 'functions key',
        line: chat(undefined, { functions: [weatherTool.function] }),
        path: 'functions',
      },
      {
        name: 'function_call',
        line: chat(
          [
            system,
            user(),
            assistant(null, { function_call: { name: 'get_weather', arguments: '{"city":"Paris"}' } }),
          ],
          { functions: [weatherTool.function] },
        ),
        path: 'messages[2].function_call',
      },
    ],
    pass: [{ name: 'tools', line: toolChat() }],
  },
  tool_calls_without_tools: {
    fail: [{ name: 'calls without tools', line: toolChat([{}], {}), path: 'messages[2].tool_calls' }],
    pass: [{ name: 'calls with tools', line: toolChat() }],
  },

  // §3.5 Preference
  invalid_preference_keys: {
    fail: [
      {
        name: 'TRL chosen/rejected',
        line: { prompt: 'Say hi', chosen: 'Hi!', rejected: 'No.' },
        path: 'chosen',
        message: /rename it to 'preferred_output'/,
      },
      {
        name: '2025 spec names',
        line: {
          input: preference().input,
          preferred_completion: [assistant('Hi')],
          non_preferred_completion: [assistant('No')],
        },
        path: 'preferred_completion',
      },
      {
        name: 'missing non_preferred_output',
        line: { input: preference().input, preferred_output: [assistant('Hi')] },
        path: 'non_preferred_output',
        message: /missing key 'non_preferred_output'/,
      },
      { name: 'extra key', line: preference({ id: 7 }), path: 'id' },
    ],
    pass: [{ name: 'exact keys', line: preference() }],
  },
  invalid_preference_input: {
    fail: [
      {
        name: 'input is an array',
        line: preference({ input: [user()] }),
        path: 'input',
        message: /wrap the messages/,
      },
      { name: 'empty input messages', line: preference({ input: { messages: [] } }), path: 'input.messages' },
      {
        name: 'extra input key',
        line: preference({ input: { messages: [user()], system: 'x' } }),
        path: 'input.system',
      },
    ],
    pass: [
      {
        name: 'input with tools',
        line: preference({
          input: { messages: [system, user()], tools: [weatherTool], parallel_tool_calls: false },
        }),
      },
    ],
  },
  preference_input_ends_with_assistant: {
    fail: [
      {
        name: 'input ends with assistant',
        line: preference({ input: { messages: [system, user(), assistant()] } }),
        path: 'input.messages[2]',
      },
    ],
    pass: [{ name: 'input ends with user', line: preference() }],
  },
  invalid_preference_output: {
    fail: [
      {
        name: 'object instead of array',
        line: preference({ preferred_output: assistant('Hi') }),
        path: 'preferred_output',
        message: /wrap the message in an array/,
      },
      {
        name: 'two messages',
        line: preference({ non_preferred_output: [assistant('a'), assistant('b')] }),
        path: 'non_preferred_output',
      },
      {
        name: 'user role',
        line: preference({ preferred_output: [user('Hi')] }),
        path: 'preferred_output[0].role',
      },
      {
        name: 'tool message (OpenAI)',
        line: preference({ preferred_output: [toolMessage()] }),
        path: 'preferred_output[0].role',
      },
      { name: 'empty array', line: preference({ preferred_output: [] }), path: 'preferred_output' },
    ],
    pass: [
      { name: 'one assistant message', line: preference() },
      {
        name: 'tool message (Azure)',
        line: preference({ non_preferred_output: [toolMessage()] }),
        context: { profile: 'azure' },
      },
    ],
  },
  identical_preference_outputs: {
    fail: [
      {
        name: 'same answer',
        line: preference({ non_preferred_output: [assistant('Hello! How can I help you today?')] }),
        path: 'non_preferred_output',
      },
    ],
    pass: [{ name: 'different answers', line: preference() }],
  },
  preference_images_not_supported: {
    fail: [
      {
        name: 'image in the input',
        line: preference({
          input: { messages: [system, user([{ type: 'text', text: 'Describe' }, imagePart()])] },
        }),
        path: 'input.messages[1].content[1]',
      },
    ],
    pass: [{ name: 'text only', line: preference() }],
  },

  // §3.5 Reinforcement
  rft_invalid_role: {
    fail: [
      {
        name: 'system in RFT',
        line: rft([system, user('2+2?')]),
        context: reinforcement,
        path: 'messages[0].role',
        message: /'developer' instead of 'system'/,
      },
    ],
    pass: [{ name: 'developer', line: rft([developer, user('2+2?')]), context: reinforcement }],
  },
  rft_last_message_not_user: {
    fail: [
      {
        name: 'ends with assistant',
        line: rft([developer, user('2+2?'), assistant('4')]),
        context: reinforcement,
        path: 'messages[2]',
      },
      {
        name: 'error on Azure',
        line: rft([developer, user('2+2?'), assistant('4')]),
        context: { ...reinforcement, profile: 'azure' },
        severity: 'error',
      },
    ],
    pass: [{ name: 'ends with user', line: rft([developer, user('2+2?')]), context: reinforcement }],
  },

  // §3.5 Prompt/completion
  invalid_prompt_completion: {
    fail: [
      {
        name: 'completion missing',
        line: { prompt: 'Review: great ->' },
        message: /`completion` column\/key is missing/,
      },
      { name: 'numeric prompt', line: { prompt: 5, completion: ' positive' }, path: 'prompt' },
      { name: 'object completion', line: { prompt: 'a', completion: { text: 'b' } }, path: 'completion' },
    ],
    pass: [{ name: 'two strings', line: { prompt: 'Review: great ->', completion: ' positive\n' } }],
  },
  key_case_mismatch: {
    fail: [
      {
        name: "'Prompt'",
        line: { Prompt: 'Review: great ->', completion: ' positive\n' },
        path: 'Prompt',
        message: /lower-case 'prompt'/,
      },
    ],
    pass: [{ name: 'lower-case keys', line: { prompt: 'Review: great ->', completion: ' positive\n' } }],
  },
  extra_columns: {
    fail: [
      {
        name: 'label column',
        line: { prompt: 'Review: great ->', completion: ' positive\n', label: 1 },
        path: 'label',
        message: /Remove additional columns\/keys: 'label'/,
      },
    ],
    pass: [{ name: 'two columns', line: { prompt: 'Review: great ->', completion: ' positive\n' } }],
  },
  empty_completion: {
    fail: [
      { name: 'empty string', line: { prompt: 'Review: great ->', completion: '' }, path: 'completion' },
      { name: 'null', line: { prompt: 'Review: great ->', completion: null }, path: 'completion' },
    ],
    pass: [
      { name: 'non-empty', line: { prompt: 'Review: great ->', completion: ' positive' } },
      // The legacy validator drops only "" and null: whitespace is whitespace_completion.
      { name: 'whitespace only', line: { prompt: 'Review: great ->', completion: ' \n' } },
    ],
  },
  whitespace_completion: {
    fail: [
      {
        name: 'space and newline',
        line: { prompt: 'Review: great ->', completion: ' \n' },
        path: 'completion',
        message: /only whitespace/,
      },
    ],
    pass: [
      { name: 'a label', line: { prompt: 'Review: great ->', completion: ' positive' } },
      { name: 'empty is empty_completion', line: { prompt: 'Review: great ->', completion: '' } },
    ],
  },
  long_example_chars: {
    fail: [
      { name: '10,001 characters', line: { prompt: 'a'.repeat(5_000), completion: ` ${'b'.repeat(5_000)}` } },
    ],
    pass: [
      { name: '10,000 characters', line: { prompt: 'a'.repeat(5_000), completion: 'b'.repeat(5_000) } },
      // Open-ended (empty prompt): the legacy long_examples_validator skips it.
      { name: 'open-ended, 12,000 characters', line: { prompt: '', completion: ` ${'b'.repeat(12_000)}` } },
    ],
  },
  uppercase_heavy: {
    fail: [
      {
        name: 'shouting prompt',
        line: { prompt: 'WHAT IS THE CAPITAL OF FRANCE? ->', completion: ' Paris\n' },
        path: 'prompt',
      },
    ],
    pass: [
      {
        name: 'short upper-case label',
        line: { prompt: 'Review: great product ->', completion: ' POSITIVE\n' },
      },
      { name: 'normal prose', line: { prompt: 'What is the capital of France? ->', completion: ' Paris\n' } },
    ],
  },

  // §3.6 Limits
  example_too_long: {
    fail: [
      {
        name: 'over a 40-token limit',
        line: chat([
          system,
          user('Tell me about Paris.'),
          assistant('Paris is the capital of France. '.repeat(10)),
        ]),
        context: { model: modelWithLimit(40) },
        tokens: true,
        message: /truncated from the end, dropping \d+ tokens/,
      },
    ],
    pass: [
      { name: 'under the limit', line: chat(), context: { model: modelWithLimit(1000) }, tokens: true },
      {
        name: 'no model: no limit',
        line: chat([system, user('Paris '.repeat(500)), assistant()]),
        tokens: true,
      },
    ],
  },
  assistant_truncated: {
    fail: [
      {
        name: 'prompt alone fills the limit',
        line: chat([system, user('Paris is lovely. '.repeat(30)), assistant('Yes.')]),
        context: { model: modelWithLimit(40) },
        tokens: true,
        path: 'messages[2]',
      },
      {
        name: 'preference input fills the limit',
        line: preference({ input: { messages: [system, user('Paris is lovely. '.repeat(30))] } }),
        context: { model: modelWithLimit(40) },
        tokens: true,
        path: 'preferred_output[0]',
      },
      {
        name: 'legacy prompt fills the limit',
        line: { prompt: 'Paris is lovely. '.repeat(30), completion: ' Yes.' },
        context: { model: modelWithLimit(40) },
        tokens: true,
        path: 'completion',
      },
    ],
    pass: [
      {
        name: 'reinforcement data has no trained answer',
        line: rft([developer, user('Paris is lovely. '.repeat(30))]),
        context: { ...reinforcement, model: modelWithLimit(40) },
        tokens: true,
      },
      {
        name: 'long answer, short prompt',
        line: chat([
          system,
          user('Tell me about Paris.'),
          assistant('Paris is the capital of France. '.repeat(10)),
        ]),
        context: { model: modelWithLimit(40) },
        tokens: true,
      },
    ],
  },
  possible_secret: {
    fail: [
      {
        name: 'an OpenAI project key pasted into a user message',
        line: chat([
          system,
          user('My script fails with OPENAI_API_KEY=sk-proj-4fGh8KlM2nPq6RsT0vWx3yZa5bCd7eFg9hIj, why?'),
          assistant('Revoke that key first: it is now in a chat log.'),
        ]),
        context: { sensitiveData: true },
        path: 'messages[1].content',
        message: /OpenAI API key \("sk-p…"/,
      },
    ],
    pass: [
      {
        name: 'a placeholder key in documentation',
        line: chat([
          system,
          user('How do I set my key?'),
          assistant('Run export OPENAI_API_KEY=sk-your-key-here, then start the app.'),
        ]),
        context: { sensitiveData: true },
      },
      {
        name: 'a real-looking key with the check off',
        line: chat([system, user('sk-proj-4fGh8KlM2nPq6RsT0vWx3yZa5bCd7eFg9hIj'), assistant('Noted.')]),
      },
    ],
  },
  possible_pii: {
    fail: [
      {
        name: 'a customer e-mail address in an answer',
        line: chat([
          system,
          user('Who handled ticket 4411?'),
          assistant('It was escalated to maria.gonzalez@acme-logistics.com on Monday.'),
        ]),
        context: { sensitiveData: true },
        path: 'messages[2].content',
        message: /e-mail address \("mari…"/,
      },
    ],
    pass: [
      {
        name: 'dates, versions, prices and a documentation address',
        line: chat([
          system,
          user('What changed in v2.14.3 released 2024-03-15?'),
          assistant('Prices went from $1,299.00 to $1,349.00; write to support@example.com with questions.'),
        ]),
        context: { sensitiveData: true },
      },
    ],
  },
};
