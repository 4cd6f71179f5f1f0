import { type Attachment, thumbnail } from "./attachments";

/** The assistant's answer as it streams in. */
export interface AnswerView {
  append(text: string): void;
  finish(meta: string): void;
  fail(message: string): void;
  /** Shows an image the agent made (an object URL of its bytes) under the answer's text. */
  image(url: string, label: string): void;
}

/** The message list: the user's turns with their attachments, the assistant's answers growing in place. */
export class ConversationView {
  constructor(private readonly list: HTMLElement) {}

  clear(): void {
    this.list.replaceChildren();
  }

  addUser(text: string, attachments: readonly Attachment[]): void {
    const li = this.message("user");
    if (attachments.length > 0) {
      const thumbs = document.createElement("div");
      thumbs.className = "thumbs";
      thumbs.append(...attachments.map(thumbnail));
      li.append(thumbs);
    }
    li.append(text);
  }

  addAssistant(): AnswerView {
    const li = this.message("assistant");
    li.classList.add("streaming");
    const text = document.createElement("span");
    text.className = "text";
    li.append(text);
    const meta = document.createElement("span");
    meta.className = "meta";
    return {
      append: (delta) => {
        text.textContent += delta;
        this.scroll();
      },
      finish: (note) => {
        li.classList.remove("streaming");
        meta.textContent = note;
        li.append(meta);
        this.scroll();
      },
      image: (url, label) => {
        const img = document.createElement("img");
        img.className = "artifact";
        img.src = url;
        img.alt = label;
        img.title = label;
        img.dataset.artifact = label;
        li.insertBefore(img, meta.isConnected ? meta : null);
        this.scroll();
      },
      fail: (message) => {
        li.classList.remove("streaming");
        li.classList.add("failed");
        meta.textContent = message;
        li.append(meta);
        this.scroll();
      },
    };
  }

  private message(role: "user" | "assistant"): HTMLLIElement {
    const li = document.createElement("li");
    li.className = `message ${role}`;
    li.dataset.role = role;
    this.list.append(li);
    this.scroll();
    return li;
  }

  private scroll(): void {
    this.list.scrollTop = this.list.scrollHeight;
  }
}
